-- A version-1 casus database, written out by hand for tests/test_store.c (schema
-- version 1 as docs/SCHEMA.md describes it). The test checks that the library's migration
-- step 1 makes exactly these objects, then opens a database made from this file with the
-- current code and checks that it is migrated and keeps its rows.
PRAGMA application_id = 1128354645;
PRAGMA user_version = 1;
CREATE TABLE articles (
     id INTEGER PRIMARY KEY, doc_id TEXT NOT NULL UNIQUE, url TEXT NOT NULL, date INTEGER, title TEXT NOT NULL, source TEXT NOT NULL, text_hash INTEGER NOT NULL, text TEXT NOT NULL, n_sentences INTEGER NOT NULL, n_tokens INTEGER NOT NULL, added INTEGER NOT NULL);
CREATE INDEX articles_text_hash ON articles(text_hash);
CREATE INDEX articles_date ON articles(date);
CREATE TABLE tone (
     article INTEGER PRIMARY KEY, tone REAL NOT NULL, positive REAL NOT NULL, negative REAL NOT NULL, polarity REAL NOT NULL, activity REAL NOT NULL, self_group REAL NOT NULL, words INTEGER NOT NULL);
CREATE TABLE entities (
     article INTEGER NOT NULL, idx INTEGER NOT NULL, name TEXT NOT NULL, type TEXT NOT NULL, code TEXT NOT NULL, n_mentions INTEGER NOT NULL, PRIMARY KEY (article, idx)) WITHOUT ROWID;
CREATE TABLE mentions (
     article INTEGER NOT NULL, idx INTEGER NOT NULL, entity INTEGER, sentence INTEGER NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL, kind TEXT NOT NULL, type TEXT NOT NULL, code TEXT NOT NULL, PRIMARY KEY (article, idx)) WITHOUT ROWID;
CREATE TABLE events (
     id INTEGER PRIMARY KEY, ekey TEXT NOT NULL UNIQUE, date INTEGER, date_res TEXT NOT NULL, actor1_code TEXT NOT NULL, actor1_name TEXT NOT NULL, actor1_country TEXT NOT NULL, actor2_code TEXT NOT NULL, actor2_name TEXT NOT NULL, actor2_country TEXT NOT NULL, code TEXT NOT NULL, base TEXT NOT NULL, root TEXT NOT NULL, quadclass INTEGER NOT NULL, goldstein REAL NOT NULL, place_name TEXT NOT NULL, place_country TEXT NOT NULL, place_adm1 TEXT NOT NULL, place_lat REAL, place_lon REAL, place_geonameid INTEGER, num_mentions INTEGER NOT NULL, num_sources INTEGER NOT NULL, num_articles INTEGER NOT NULL, avg_tone REAL, first_article INTEGER NOT NULL, added INTEGER NOT NULL);
CREATE TABLE event_mentions (
     article INTEGER NOT NULL, idx INTEGER NOT NULL, event INTEGER NOT NULL, global_id INTEGER NOT NULL, sentence INTEGER NOT NULL, code TEXT NOT NULL, rule TEXT NOT NULL, mood TEXT, confidence REAL NOT NULL, date_res TEXT NOT NULL, trigger_start INTEGER NOT NULL, trigger_end INTEGER NOT NULL, actor1_mention INTEGER, actor2_mention INTEGER, PRIMARY KEY (article, idx)) WITHOUT ROWID;
CREATE INDEX event_mentions_event ON event_mentions(event, article, sentence);
CREATE TABLE quotes (
     article INTEGER NOT NULL, idx INTEGER NOT NULL, sentence INTEGER NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL, text TEXT NOT NULL, verb TEXT, speaker_entity INTEGER, speaker_name TEXT, speaker_code TEXT, PRIMARY KEY (article, idx)) WITHOUT ROWID;
CREATE TABLE counts (
     article INTEGER NOT NULL, idx INTEGER NOT NULL, sentence INTEGER NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL, count REAL NOT NULL, count_max REAL NOT NULL, approx INTEGER NOT NULL, object TEXT NOT NULL, type TEXT, PRIMARY KEY (article, idx)) WITHOUT ROWID;
CREATE TABLE amounts (
     article INTEGER NOT NULL, idx INTEGER NOT NULL, sentence INTEGER NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL, amount REAL NOT NULL, currency TEXT, object TEXT NOT NULL, PRIMARY KEY (article, idx)) WITHOUT ROWID;
CREATE TABLE dates (
     article INTEGER NOT NULL, idx INTEGER NOT NULL, sentence INTEGER NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL, resolved TEXT NOT NULL, resolution TEXT NOT NULL, PRIMARY KEY (article, idx)) WITHOUT ROWID;
CREATE TABLE locations (
     article INTEGER NOT NULL, idx INTEGER NOT NULL, name TEXT NOT NULL, country TEXT NOT NULL, adm1 TEXT NOT NULL, feature TEXT NOT NULL, lat REAL, lon REAL, geonameid INTEGER, n_mentions INTEGER NOT NULL, PRIMARY KEY (article, idx)) WITHOUT ROWID;
CREATE TABLE location_mentions (
     article INTEGER NOT NULL, location INTEGER NOT NULL, idx INTEGER NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL, PRIMARY KEY (article, location, idx)) WITHOUT ROWID;
CREATE TABLE themes (
     article INTEGER NOT NULL, idx INTEGER NOT NULL, theme TEXT NOT NULL, start INTEGER NOT NULL, end INTEGER NOT NULL, PRIMARY KEY (article, idx)) WITHOUT ROWID;
INSERT INTO articles VALUES (1, 'v1-article', 'https://old.example/1', 20250101, 'Old news', 'old.example', 42, 'Sanctions were lifted in an old article.', 1, 8, 1735689600);
INSERT INTO tone VALUES (1, -1.5, 1.0, 2.5, 3.5, 10.0, 0.0, 8);
