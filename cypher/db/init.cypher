// Schema: constraints and indexes
// Creates everything graphcli's model needs. Idempotent (IF NOT EXISTS). See docs/model.md.
// Keys: Account.uid = "<platform>:<id>" (or "<platform>:@<lower screen name>" until a look-up gives the id),
// Post.uid = "<platform>:<id>", Object.uid = "<kind>:<key>".
// Parameters: none.
CREATE CONSTRAINT account_uid IF NOT EXISTS FOR (a:Account) REQUIRE a.uid IS UNIQUE;
CREATE CONSTRAINT post_uid IF NOT EXISTS FOR (p:Post) REQUIRE p.uid IS UNIQUE;
CREATE CONSTRAINT object_uid IF NOT EXISTS FOR (o:Object) REQUIRE o.uid IS UNIQUE;
CREATE CONSTRAINT bin_uid IF NOT EXISTS FOR (b:Bin) REQUIRE b.uid IS UNIQUE;
CREATE CONSTRAINT community_uid IF NOT EXISTS FOR (c:Community) REQUIRE c.uid IS UNIQUE;
CREATE CONSTRAINT detection_run_id IF NOT EXISTS FOR (r:DetectionRun) REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT load_run_id IF NOT EXISTS FOR (r:LoadRun) REQUIRE r.id IS UNIQUE;
CREATE CONSTRAINT source_file_sha IF NOT EXISTS FOR (f:SourceFile) REQUIRE f.sha256 IS UNIQUE;
CREATE CONSTRAINT meta_key IF NOT EXISTS FOR (m:GraphcliMeta) REQUIRE m.key IS UNIQUE;
CREATE CONSTRAINT alert_id IF NOT EXISTS FOR (a:Alert) REQUIRE a.id IS UNIQUE;
CREATE INDEX account_screen_name IF NOT EXISTS FOR (a:Account) ON (a.screen_name_lower);
CREATE INDEX account_id IF NOT EXISTS FOR (a:Account) ON (a.platform, a.id);
CREATE INDEX post_id IF NOT EXISTS FOR (p:Post) ON (p.platform, p.id);
CREATE INDEX object_kind IF NOT EXISTS FOR (o:Object) ON (o.kind);
CREATE INDEX shared_at IF NOT EXISTS FOR ()-[s:SHARED]-() ON (s.at);
CREATE INDEX coordinated_run IF NOT EXISTS FOR ()-[c:COORDINATED]-() ON (c.run_id);
CREATE CONSTRAINT bot_score_uid IF NOT EXISTS FOR (b:BotScore) REQUIRE b.uid IS UNIQUE;
CREATE CONSTRAINT status_check_uid IF NOT EXISTS FOR (s:StatusCheck) REQUIRE s.uid IS UNIQUE;
CREATE CONSTRAINT count_observation_uid IF NOT EXISTS FOR (c:CountObservation) REQUIRE c.uid IS UNIQUE;
CREATE CONSTRAINT screen_name_uid IF NOT EXISTS FOR (n:ScreenName) REQUIRE n.uid IS UNIQUE
