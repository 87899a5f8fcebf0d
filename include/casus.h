/*
 * casus.h — the public API of libcasus.
 *
 * casus reads news articles and writes down who did what to whom, when and
 * where. An article flows through stages (readers, text, syntax, entity,
 * event, gkg, writers, store); this header is the only one the front ends
 * (cli/, the server) include.
 *
 * Conventions, for every function below:
 *  - Functions return 0 (or a count / boolean where stated) on success and a
 *    negative CASUS_E* code on failure. An optional casus_error* receives the
 *    code and a message with context (file, line, record id).
 *  - The library never prints and never exits.
 *  - casus_<noun>_free(NULL) is a no-op. A failed _new/_open leaves nothing
 *    to clean up.
 *  - Byte offsets (start, end; end exclusive) index the article text exactly
 *    as read (casus_article.text), whatever repairs or normalisation the text
 *    layer applied internally.
 */
#ifndef CASUS_H
#define CASUS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define CASUS_API __attribute__((visibility("default")))
#else
#define CASUS_API
#endif

#define CASUS_VERSION_MAJOR 0
#define CASUS_VERSION_MINOR 1
#define CASUS_VERSION_PATCH 0
#define CASUS_VERSION "0.1.0"

/* ---------------------------------------------------------------- errors */

typedef enum casus_code {
    CASUS_OK = 0,
    CASUS_ENOMEM = -1,   /* out of memory */
    CASUS_EIO = -2,      /* read or write failed (errno in the message) */
    CASUS_EINVAL = -3,   /* invalid argument or option */
    CASUS_ETOOBIG = -4,  /* record or document over its size cap */
    CASUS_EFORMAT = -5,  /* malformed input (JSON, HTML, gzip, model) */
    CASUS_EEMPTY = -6,   /* record without text */
    CASUS_ENOENT = -7,   /* no such file or directory */
    CASUS_EVERSION = -8, /* model or file of an unsupported version */
    CASUS_ECORRUPT = -9, /* checksum or structure check failed */
    CASUS_EINTERNAL = -10
} casus_code;

#define CASUS_ERROR_MSG_MAX 512

typedef struct casus_error {
    int code;                       /* a casus_code */
    char msg[CASUS_ERROR_MSG_MAX];  /* "file:line: reason", NUL-terminated */
} casus_error;

/* A short, static English name for a code ("out of memory"); never NULL. */
CASUS_API const char *casus_strerror(int code);

/* ---------------------------------------------------------------- articles */

/*
 * One article. Every string is NUL-terminated and owned by the article;
 * fields that the input lacked are "" (never NULL). text may contain NUL
 * bytes and invalid UTF-8 exactly as read: use text_len. date is
 * "YYYY-MM-DD" or "".
 */
typedef struct casus_article {
    char *id;
    char *url;
    char *date;
    char *title;
    char *text;
    size_t text_len;
    char *source; /* file the article came from ("-" for stdin) */
    long line;    /* 1-based line where the record starts (JSONL, bench); 1 for
                     text and HTML files */
} casus_article;

/* Returns a new article with copies of the given strings (NULL counts as "").
 * Caller frees with casus_article_free. */
CASUS_API casus_article *casus_article_new(const char *id, const char *url, const char *date,
                                           const char *title, const char *text, size_t text_len);
CASUS_API void casus_article_free(casus_article *a);

/* ---------------------------------------------------------------- readers */

typedef enum casus_format {
    CASUS_FORMAT_AUTO = 0, /* by extension, then by content */
    CASUS_FORMAT_TEXT,     /* one article per file */
    CASUS_FORMAT_JSONL,    /* one article per line */
    CASUS_FORMAT_HTML,     /* one article per page */
    CASUS_FORMAT_BENCH     /* articles separated by a line holding only "\f" */
} casus_format;

#define CASUS_DEFAULT_MAX_RECORD ((size_t)8 << 20)

typedef struct casus_reader_opts {
    casus_format format; /* CASUS_FORMAT_AUTO */
    const char *date;    /* YYYY-MM-DD for articles without a valid date of their own
                            (plain text always), or NULL */
    size_t max_record;   /* bytes; 0 means CASUS_DEFAULT_MAX_RECORD */
} casus_reader_opts;

typedef struct casus_reader casus_reader;

/* Parses "text", "jsonl", "html", "bench", "auto". Returns 0 or CASUS_EINVAL. */
CASUS_API int casus_format_parse(const char *name, casus_format *out);

/*
 * Format detection (CASUS_FORMAT_AUTO): by extension after stripping .gz
 * (.txt .text, .jsonl .ndjson .json, .html .htm .xhtml), except that a file
 * with a line holding only a form feed in its first 64 KB is the benchmark
 * format; otherwise by content. Dates keep the publisher's calendar day (a
 * time-zone offset is validated, not applied).
 *
 * Opens a reader over paths[0..n_paths): files (optionally .gz), directories
 * (walked recursively in byte order of names) and "-" for stdin. n_paths == 0
 * reads stdin. Paths are copied. opts may be NULL. Caller frees with
 * casus_reader_free. Missing files are reported by casus_reader_next, not here,
 * so that a run goes on with the next input.
 */
CASUS_API int casus_reader_open(casus_reader **out, const char *const *paths, size_t n_paths,
                                const casus_reader_opts *opts, casus_error *err);

/*
 * Reads the next article. Returns 1 and sets *out (caller frees with
 * casus_article_free); 0 at the end of all input; or a negative code when a
 * record or file was skipped (err says which and why): the reader stays
 * usable and the caller calls it again.
 */
CASUS_API int casus_reader_next(casus_reader *r, casus_article **out, casus_error *err);

/* Counts so far: articles returned and records or files skipped. */
CASUS_API void casus_reader_counts(const casus_reader *r, size_t *n_read, size_t *n_skipped);
CASUS_API void casus_reader_free(casus_reader *r);

/*
 * Parses a date in YYYY-MM-DD, YYYYMMDD, ISO 8601 (2018-08-08T10:00:00Z) or
 * RFC 2822 ("Wed, 08 Aug 2018 10:00:00 +0000") form into out[11] as
 * "YYYY-MM-DD". Returns 0, or CASUS_EFORMAT when s is not such a date.
 */
CASUS_API int casus_date_parse(const char *s, char out[11]);

/* ---------------------------------------------------------------- text layer */

/* A surface token: a span of the text between spaces or punctuation breaks. */
typedef struct casus_token {
    uint32_t start, end;     /* bytes in the original text */
    uint32_t word, n_words;  /* its syntactic words: words[word .. word+n_words) */
    uint8_t space_after;     /* 1 if whitespace follows in the text */
    uint8_t kind;            /* a casus_token_kind */
} casus_token;

typedef enum casus_token_kind {
    CASUS_TOK_WORD = 0,
    CASUS_TOK_NUMBER,
    CASUS_TOK_PUNCT,
    CASUS_TOK_SYMBOL,
    CASUS_TOK_URL,
    CASUS_TOK_EMAIL,
    CASUS_TOK_HANDLE, /* @name, #tag */
    CASUS_TOK_EMOTICON,
    CASUS_TOK_ABBREV /* U.S., Gen., Jan. */
} casus_token_kind;

/*
 * A syntactic word (a CoNLL-U word line). Most tokens are one word; a
 * multiword token ("don't", "Google's") is several, each a sub-span of the
 * token. form is the word as written, NUL-terminated, owned by the document.
 * norm is its normalised form for matching (NFC, quotes and dashes folded,
 * the "U. S." spacing removed); it equals form when nothing changed.
 */
typedef struct casus_word {
    uint32_t start, end; /* bytes in the original text */
    uint32_t token;      /* index of its surface token */
    const char *form;
    const char *norm;
} casus_word;

typedef struct casus_sentence {
    uint32_t start, end;           /* bytes in the original text */
    uint32_t token, n_tokens;      /* tokens[token .. token+n_tokens) */
    uint32_t word, n_words;        /* words[word .. word+n_words) */
    uint8_t new_par;               /* first sentence of a paragraph */
} casus_sentence;

/* A read-only view of a document's text layer, borrowed from the document
 * and valid until it is freed. */
typedef struct casus_text_view {
    const char *text;
    size_t text_len;
    const casus_token *tokens;
    size_t n_tokens;
    const casus_word *words;
    size_t n_words;
    const casus_sentence *sentences;
    size_t n_sentences;
} casus_text_view;

/* ---------------------------------------------------------------- pipeline */

/*
 * The immutable state shared by all documents: options, and later the models
 * and dictionaries. Safe to share between threads once made.
 */
typedef struct casus_pipeline casus_pipeline;

#define CASUS_DEFAULT_MAX_DOC ((size_t)256 << 20)

/* Stages a pipeline runs (bits of casus_pipeline_opts.stages). */
#define CASUS_STAGE_TEXT 1u   /* normalisation, tokens, sentences */
#define CASUS_STAGE_SYNTAX 2u /* tags, lemmas, dependency trees (needs models) */
#define CASUS_STAGE_ENTITY 4u /* named entities (needs SYNTAX, models/ner.bin, dict/) */
#define CASUS_STAGE_EVENT 8u  /* CAMEO events (needs ENTITY, dict/events, dict/cameo) */
/* The knowledge layer (needs ENTITY): quotes, counts and amounts, date
 * expressions, geocoded locations, themes and tone (src/knowledge). */
#define CASUS_STAGE_KNOWLEDGE 16u

/* The knowledge stage's layers (bits of casus_pipeline_opts.layers). */
#define CASUS_LAYER_QUOTES 1u
#define CASUS_LAYER_COUNTS 2u /* counts and amounts */
#define CASUS_LAYER_DATES 4u
#define CASUS_LAYER_LOCATIONS 8u
#define CASUS_LAYER_THEMES 16u
#define CASUS_LAYER_TONE 32u
#define CASUS_LAYER_ALL 63u
#define CASUS_STAGE_ALL 0xFFFFu

typedef struct casus_pipeline_opts {
    size_t max_doc_bytes; /* arena cap per document; 0 means CASUS_DEFAULT_MAX_DOC */
    unsigned stages;      /* CASUS_STAGE_* bits; 0 means CASUS_STAGE_ALL */
    unsigned layers;      /* CASUS_LAYER_* bits the knowledge stage fills; 0 means all */
    /* Folder holding tagger.bin, lemmatizer.bin and parser.bin. NULL means
     * $CASUS_MODELS when set, else the models/ folder of the source tree
     * casus was built from. */
    const char *models_dir;
    /* Folder of the text dictionaries (entity stage). NULL means $CASUS_DICT
     * when set, else the dict/ folder of the source tree. A missing folder
     * is not an error: NER then runs without gazetteer features. */
    const char *dict_dir;
    /* Users' own actor and agent dictionaries in PETRARCH/TABARI format,
     * loaded after dict_dir's files (`casus --actors FILE --agents FILE`).
     * A missing file is an error; a bad line goes to report ("file:line:
     * reason", report may be NULL) and is skipped. Only read while the
     * pipeline is made. */
    const char *const *actor_files;
    size_t n_actor_files;
    const char *const *agent_files;
    size_t n_agent_files;
    void (*report)(void *ctx, const char *msg);
    void *report_ctx;
} casus_pipeline_opts;

/* opts may be NULL. Loads (memory-maps) the models the stages need; a
 * missing or corrupt model is an error naming the file. Caller frees with
 * casus_pipeline_free. */
CASUS_API int casus_pipeline_new(casus_pipeline **out, const casus_pipeline_opts *opts,
                                 casus_error *err);
CASUS_API void casus_pipeline_free(casus_pipeline *p);

/* One processed article: the article and every layer the stages wrote. */
typedef struct casus_doc casus_doc;

/*
 * Runs the pipeline's stages on an article. The document borrows the
 * article (which must outlive it) and the pipeline. Caller frees with
 * casus_doc_free. Thread-safe for distinct articles.
 */
CASUS_API int casus_doc_process(const casus_pipeline *p, const casus_article *a, casus_doc **out,
                                casus_error *err);
CASUS_API void casus_doc_free(casus_doc *d);

/* The article the document was made from; borrowed. */
CASUS_API const casus_article *casus_doc_article(const casus_doc *d);

/* Fills *out with a view of the text layer; borrowed from d. */
CASUS_API void casus_doc_text(const casus_doc *d, casus_text_view *out);

/*
 * The syntax layer of one word (CoNLL-U's LEMMA, UPOS, XPOS, FEATS, HEAD,
 * DEPREL). Strings are owned by the models or the document; feats is "_"
 * when empty. head is the index (into the document's words) of the word's
 * head, or -1 for the root of its sentence.
 */
typedef struct casus_word_syntax {
    const char *lemma;
    const char *upos;
    const char *xpos;
    const char *feats;
    const char *deprel;
    int32_t head;
} casus_word_syntax;

/* Per-word syntax, parallel to the text view's words; NULL when the
 * pipeline ran without the syntax stage. Borrowed from d. */
CASUS_API const casus_word_syntax *casus_doc_syntax(const casus_doc *d);

/* ---------------------------------------------------------------- entity layer */

/* How a mention names its entity. */
typedef enum casus_mention_kind {
    CASUS_MENTION_NAME = 0, /* a proper name: "Hassan Rouhani", "Tehran", "NBC News" */
    CASUS_MENTION_NOMINAL,  /* a description: "the Iranian president", "protesters" */
    CASUS_MENTION_PRONOUN   /* he, she, it, they and their possessives */
} casus_mention_kind;

/*
 * One mention of an actor, person, organisation or place. code is the
 * CAMEO actor code this mention carries in its context ("Tehran" as the
 * subject of a verb is IRNGOV, "in Tehran" is IRN); "" when none. Strings
 * are owned by the document or the dictionaries.
 */
typedef struct casus_mention {
    uint32_t start, end;     /* bytes in the original text */
    uint32_t word, n_words;  /* words[word .. word+n_words) */
    uint32_t head;           /* its syntactic head word */
    uint32_t sentence;       /* index of its sentence */
    int32_t entity;          /* index into the entities, -1 if none */
    uint8_t kind;            /* a casus_mention_kind */
    char type;               /* 'P' PER, 'O' ORG, 'L' LOC, 0 unknown */
    const char *code;
} casus_mention;

/*
 * An entity: the mentions of one article that name the same thing. name is
 * the canonical name (the dictionary's, else the longest name mention);
 * code is the entity's actor code ("" when none); mentions holds indices
 * into the document's mentions, in text order.
 */
typedef struct casus_entity {
    const char *name;
    char type;
    const char *code;
    const uint32_t *mentions;
    size_t n_mentions;
} casus_entity;

/* The entity layer; NULL and *n = 0 when the entity stage did not run.
 * Borrowed from d. */
CASUS_API const casus_mention *casus_doc_mentions(const casus_doc *d, size_t *n);
CASUS_API const casus_entity *casus_doc_entities(const casus_doc *d, size_t *n);

/* ---------------------------------------------------------------- event layer */

/* One side of an event: the mention that names the actor in the sentence,
 * its entity (-1 when it is no entity, e.g. "police"), the entity's name
 * (else the mention's text) and the actor code the mention carries. */
typedef struct casus_event_actor {
    int32_t mention; /* index into the document's mentions */
    int32_t entity;
    const char *name;
    const char *code;
} casus_event_actor;

/*
 * A place resolved to the gazetteer (GeoNames facts in dict/places.txt):
 * a city or first-level division with its coordinates, or a country.
 * found 0: the name is in no gazetteer. country is the 2-letter ISO code
 * when known (as OUTPUT.md writes it), else the CAMEO country code;
 * feature is the GeoNames feature code ("PPLC" a capital, "ADM1" a
 * division) or "country". Strings are owned by the dictionaries.
 */
typedef struct casus_place {
    int found;
    const char *name;
    char country[4];
    const char *admin1;   /* first-level division code, or NULL */
    int has_coords;
    double lat, lon;
    uint32_t geonameid;   /* 0 for a country */
    const char *feature;
} casus_place;

/*
 * One coded event (OUTPUT.md "events"). date is when the action happened,
 * resolved from the text where an expression attaches to the trigger
 * ("on Wednesday", "last year", "June 12"), else the article's date;
 * date_resolution says how much of it the text fixed ("day", "month",
 * "year"; "article" when it is the article's date). has_target 0 is a
 * one-actor event. place_mention is the LOC mention the event happened in
 * ("in Tehran"), or -1, and place that mention resolved to the gazetteer,
 * choosing among same-named places by the countries the article names,
 * the mention's own code and population. rule is the id of the pattern that fired (its file
 * and line are in the dictionaries); mood is NULL for a plain act, else
 * "intent", "future" or "conditional". Strings are owned by the document,
 * the dictionaries or the pipeline.
 */
typedef struct casus_event {
    char date[11];
    const char *date_resolution;
    uint32_t sentence;
    casus_event_actor source, target;
    int has_target;
    const char *code;      /* CAMEO event code */
    const char *root;      /* its root ("04") */
    const char *base;      /* its 3-digit base code */
    int quadclass;         /* 1 verbal cooperation .. 4 material conflict */
    double goldstein;
    int32_t place_mention;
    casus_place place;     /* the place mention geocoded (place.found 0 if not) */
    uint32_t trigger_start, trigger_end; /* bytes of the trigger word(s) */
    uint32_t trigger_word;               /* index of the trigger word */
    const char *rule;
    const char *mood;
    double confidence;
} casus_event;

/* The events, in text order; NULL and *n = 0 when the event stage did not
 * run. Borrowed from d. */
CASUS_API const casus_event *casus_doc_events(const casus_doc *d, size_t *n);

/* ---------------------------------------------------------------- knowledge layer */

/* A span of the original text (bytes, end exclusive). */
typedef struct casus_span {
    uint32_t start, end;
} casus_span;

/*
 * A direct quotation (OUTPUT.md "quotes"). start/end cover the quoted words
 * without their quote marks; a quote split by its attribution ("«A,» she
 * said, «B.»") is one quote whose parts are parts[0..n_parts) and whose
 * start/end run from the first part's start to the last part's end; text is
 * the parts joined by a space. verb is the attribution verb as written
 * ("added"), NULL when none; speaker_mention / speaker_entity index the
 * entity layer (-1 when no speaker is found), speaker_name and
 * speaker_code are then NULL. Strings are owned by the document or the
 * dictionaries.
 */
typedef struct casus_quote {
    uint32_t start, end;
    uint32_t sentence;        /* the sentence the quote starts in */
    const casus_span *parts;
    size_t n_parts;
    const char *text;
    const char *verb;
    casus_span verb_span;     /* 0/0 when verb is NULL */
    int32_t speaker_mention;
    int32_t speaker_entity;
    const char *speaker_name;
    const char *speaker_code;
} casus_quote;

/*
 * A counted thing (OUTPUT.md "counts"): "23 missiles", "some 2,000
 * protesters", "tens of thousands of refugees". count is the number (the
 * lower bound of a range, whose upper bound is count_max; count_max equals
 * count otherwise); approx is 1 for "some", "about", "tens of thousands".
 * object is the counted noun with its modifiers ("intercontinental
 * ballistic missiles"); type is GDELT's count type where one applies
 * ("KILL", "WOUND", "ARREST", "KIDNAP", "PROTEST", "REFUGEES", ...), else
 * NULL. start/end cover the number and the object.
 */
typedef struct casus_count {
    double count, count_max;
    int approx;
    const char *object;
    const char *type;
    uint32_t start, end;
    uint32_t sentence;
} casus_count;

/*
 * A numeric amount (OUTPUT.md "amounts", GDELT's V2.1Amounts): every number
 * with the thing it measures, money among them ("$1.2 billion in aid":
 * amount 1.2e9, currency "USD", object "aid"). currency is an ISO 4217
 * code for money, else NULL.
 */
typedef struct casus_amount {
    double amount;
    const char *currency;
    const char *object;
    uint32_t start, end;
    uint32_t sentence;
} casus_amount;

/*
 * A date expression and what it resolves to against the article's date
 * (OUTPUT.md "dates"): resolved is "YYYY", "YYYY-MM" or "YYYY-MM-DD" (a
 * decade "1990s" is "1990", a century "1900"); resolution is "day",
 * "month", "year", "decade" or "century".
 */
typedef struct casus_date_expr {
    uint32_t start, end;
    uint32_t sentence;
    char resolved[11];
    const char *resolution;
} casus_date_expr;

/*
 * A place the article names, geocoded (OUTPUT.md "locations"): each
 * distinct gazetteer place once, with every span that names it (place
 * names, capitals used for their government, and demonyms, which count for
 * their country), in text order.
 */
typedef struct casus_location {
    casus_place place;
    const casus_span *mentions;
    size_t n_mentions;
} casus_location;

/* A theme (dict/themes) matched in the text: the theme's name and the span. */
typedef struct casus_theme_hit {
    const char *theme;
    uint32_t start, end;
} casus_theme_hit;

/*
 * GDELT's seven tone figures (V2Tone): tone = positive - negative;
 * positive and negative are the percentages of words that are positive
 * and negative; polarity = positive + negative; activity the percentage
 * of active words (verbs); self_group the percentage of self and group
 * pronouns (I, we, our, ...); words the article's word count.
 */
typedef struct casus_tone {
    double tone, positive, negative, polarity, activity, self_group;
    uint32_t words;
} casus_tone;

/* The knowledge layer; NULL and *n = 0 (tone NULL) when the stage did not
 * run. Borrowed from d. */
CASUS_API const casus_quote *casus_doc_quotes(const casus_doc *d, size_t *n);
CASUS_API const casus_count *casus_doc_counts(const casus_doc *d, size_t *n);
CASUS_API const casus_amount *casus_doc_amounts(const casus_doc *d, size_t *n);
CASUS_API const casus_date_expr *casus_doc_dates(const casus_doc *d, size_t *n);
CASUS_API const casus_location *casus_doc_locations(const casus_doc *d, size_t *n);
CASUS_API const casus_theme_hit *casus_doc_themes(const casus_doc *d, size_t *n);
CASUS_API const casus_tone *casus_doc_tone(const casus_doc *d);

/* ---------------------------------------------------------------- syntax models */

/* Options of casus_train. Paths are CoNLL-U files (UD). */
typedef struct casus_train_opts {
    const char *train_path;
    const char *dev_path;    /* per-epoch dev scores and best-epoch choice, or NULL */
    const char *out_path;    /* model file to write */
    const char *tagger_path; /* parser, lemmatiser: train on tags from this tagger
                                model rather than gold tags, or NULL */
    const char *unlabeled_path; /* tagger: unlabelled text to learn word clusters
                                   from, or NULL */
    int epochs;              /* 0: the model's default */
    uint64_t seed;           /* same data and seed give the same bytes */
    void (*progress)(void *ctx, const char *line); /* per-epoch report, or NULL */
    void *ctx;
    int beam; /* parser: > 1 trains for beam search of this width and the
                 model decodes with it (slower, more accurate); 0 or 1 greedy */
} casus_train_opts;

/* Trains kind "tagger", "lemmatizer", "parser" (CoNLL-U) or "ner" (IOB2,
 * docs/ENTITIES.md) and writes the model. */
CASUS_API int casus_train(const char *kind, const casus_train_opts *o, casus_error *err);

/*
 * Tags, lemmatises and parses the pre-tokenised CoNLL-U file at path,
 * keeping its sentences, comments, ids, forms and multiword-token lines
 * exactly, and writes CoNLL-U with LEMMA, UPOS, XPOS, FEATS, HEAD and DEPREL
 * filled by the pipeline's models to out.
 */
CASUS_API int casus_parse_conllu(const casus_pipeline *p, const char *path, FILE *out,
                                 casus_error *err);

/* ---------------------------------------------------------------- evaluation */

typedef struct casus_eval_count {
    size_t gold, system, correct; /* F1 = 2c / (g + s); with gold tokens g == s */
} casus_eval_count;

typedef struct casus_eval_scores {
    casus_eval_count tokens, words, sentences;
    casus_eval_count upos, xpos, feats, lemma, uas, las; /* zero without syntax */
    size_t n_docs;
} casus_eval_scores;

/*
 * Scores the pipeline against a gold CoNLL-U file. With raw == 0 the gold
 * tokens and sentences are given to the syntax stage (tag and tree
 * accuracy). With raw != 0 the text is rebuilt from the "# text" lines (the
 * sentences of a paragraph joined by a space, a blank line at each newpar
 * and newdoc, one article per document), run through the whole pipeline and
 * aligned to the gold words by character offsets, CoNLL-2018 style.
 */
CASUS_API int casus_eval(const casus_pipeline *p, const char *gold_path, int raw,
                         casus_eval_scores *out, casus_error *err);

/* ---------------------------------------------------------------- writers */

/*
 * Writes a document to f. Every writer escapes invalid UTF-8 as U+FFFD so
 * its output is always valid UTF-8. Returns 0 or CASUS_EIO.
 *
 * casus_write_conllu: one block per sentence with "# sent_id = <id>-<n>",
 * "# text = ..." (newlines as spaces), "# newdoc id" / "# newpar" comments,
 * multiword-token range lines, and TokenRange=start:end in MISC.
 * casus_write_json: one JSON object on one line (the OUTPUT.md contract);
 * with_tokens adds "sentences" holding each sentence's tokens and words.
 */
CASUS_API int casus_write_conllu(FILE *f, const casus_doc *d);
CASUS_API int casus_write_json(FILE *f, const casus_doc *d, int with_tokens);

/* ---------------------------------------------------------------- entities */

/*
 * Named entities (NER), the Universal NER scheme: persons, organisations
 * and locations (countries and cities are LOC). A word's tag is a small
 * integer:
 *   0 = O (outside any name), 2*type - 1 = B-type (first word of a name),
 *   2*type = I-type (a following word of the same name),
 * for type CASUS_NER_PER (1), CASUS_NER_ORG (2) or CASUS_NER_LOC (3), so
 * 1 B-PER, 2 I-PER, 3 B-ORG, 4 I-ORG, 5 B-LOC, 6 I-LOC. An I tag always
 * follows a B or I tag of the same type.
 */
typedef enum casus_ner_type {
    CASUS_NER_PER = 1,
    CASUS_NER_ORG = 2,
    CASUS_NER_LOC = 3
} casus_ner_type;

#define CASUS_NER_O 0
#define CASUS_NER_N_TYPES 3
#define CASUS_NER_N_TAGS 7
#define CASUS_NER_B(type) ((uint8_t)(2 * (type) - 1))
#define CASUS_NER_I(type) ((uint8_t)(2 * (type)))
#define CASUS_NER_TYPE(tag) (((unsigned)(tag) + 1) / 2) /* 0 for O */
#define CASUS_NER_IS_B(tag) (((unsigned)(tag) & 1) != 0)

/* "O", "B-PER", "I-PER", ..., "I-LOC"; "?" out of range. Static. */
CASUS_API const char *casus_ner_tag_name(unsigned tag);
/* "PER", "ORG", "LOC"; "?" otherwise. Static. */
CASUS_API const char *casus_ner_type_name(unsigned type);

/* Per-word NER tags (encoding above), parallel to the text view's words;
 * NULL when the pipeline ran without the entity stage. Borrowed from d. */
CASUS_API const uint8_t *casus_doc_ner(const casus_doc *d);

/* Receives a problem that did not stop the run (a bad input line, with
 * "file:line: reason" in e->msg); ctx is passed through. */
typedef void (*casus_warn_fn)(void *ctx, const casus_error *e);

/*
 * Tags the pre-tokenised IOB2 file at path (the Universal NER layout:
 * comment lines, then one word per line "index<TAB>word<TAB>tag[<TAB>...]",
 * a blank line after each sentence) and writes it to out with the third
 * column replaced by the pipeline's tag; every other byte of every line is
 * kept. The pipeline needs the syntax and entity stages. Malformed lines are
 * passed to warn (may be NULL), copied unchanged and skipped as words.
 */
CASUS_API int casus_ner_iob2(const casus_pipeline *p, const char *path, FILE *out,
                             casus_warn_fn warn, void *ctx, casus_error *err);

/* Strict span scores: a system span counts when its first word, last word
 * and type equal a gold span's. by_type[0] is the micro-average over all
 * types, by_type[t] type t (CASUS_NER_PER..LOC). */
typedef struct casus_ner_scores {
    casus_eval_count by_type[CASUS_NER_N_TYPES + 1];
    size_t n_sentences, n_words, n_bad_lines;
} casus_ner_scores;

/*
 * Tags the words of the gold IOB2 file at gold_path with the pipeline and
 * scores the result against its tags (conlleval's reading of IOB2: an I tag
 * that does not continue a span of its type opens one). Malformed lines
 * go to warn (may be NULL) and are skipped; a tag outside the scheme reads
 * as O.
 */
CASUS_API int casus_eval_ner(const casus_pipeline *p, const char *gold_path,
                             casus_ner_scores *out, casus_warn_fn warn, void *ctx,
                             casus_error *err);

/* ---------------------------------------------------------------- dictionary check */

/* Counts from casus_dict_check, for its summary line. */
typedef struct casus_dict_stats {
    size_t n_problems; /* every problem reported */
    size_t n_codes;    /* CAMEO event codes (dict/cameo/event_codes.txt) */
    size_t n_patterns; /* event patterns loaded (dict/events/) */
    size_t n_discards; /* sentence discard phrases */
    size_t n_files;    /* dictionary files read */
} casus_dict_stats;

/*
 * Checks the dictionaries under dict_dir (NULL: $CASUS_DICT when set, else
 * the dict/ folder of the source tree), as `casus dict check` does: the
 * CAMEO tables, every event pattern file (malformed lines, unknown codes,
 * roles and flags, duplicate ids, duplicate and unreachable patterns) and
 * the actor dictionaries (their syntax, and actor codes whose first three
 * letters are no CAMEO unit). Each problem goes to report(ctx, "file:line:
 * reason") (report may be NULL). Returns 0 when the check ran, whatever it
 * found (stats->n_problems; stats may be NULL), or a negative code when it
 * could not (the CAMEO event code table is missing or unreadable).
 */
CASUS_API int casus_dict_check(const char *dict_dir, void (*report)(void *ctx, const char *msg),
                               void *ctx, casus_dict_stats *stats, casus_error *err);

/* ---------------------------------------------------------------- GDELT writers, explain */

/*
 * GDELT 2.0 export rows (docs/EVENTS.md, "GDELT 2.0 layout", maps every
 * column). casus_write_gdelt_events writes one row per event of d: 61
 * tab-separated columns, no header, as GDELT's export.CSV files;
 * casus_write_gdelt_mentions one row per event: 16 columns, as
 * mentions.CSV. Columns casus does not know (tone, ethnic codes, actor
 * geography, latitude and longitude until geocoding) are empty. Tabs and
 * newlines inside names become spaces and invalid UTF-8 becomes U+FFFD, so
 * a row is always one line of valid UTF-8. Each document's rows go out in
 * one fwrite. Returns 0, CASUS_ENOMEM or CASUS_EIO.
 */
CASUS_API int casus_write_gdelt_events(FILE *f, const casus_doc *d);
CASUS_API int casus_write_gdelt_mentions(FILE *f, const casus_doc *d);

/*
 * The GDELT Global Knowledge Graph 2.1 row of d (docs/knowledge/gkg.md maps
 * every column): 27 tab-separated columns, no header, as GDELT's gkg.csv
 * files, from the entity and knowledge layers. GKGRECORDID is the
 * article's date and a stable hash of its id; offsets count characters, as
 * GDELT's do. Separators inside names, quotes and objects become spaces, so
 * the row and each of its lists always split back into the same items.
 * One fwrite per document. Returns 0, CASUS_ENOMEM or CASUS_EIO.
 */
CASUS_API int casus_write_gdelt_gkg(FILE *f, const casus_doc *d);

/*
 * The GlobalEventID of event index (0-based) of article article_id: the
 * 64-bit FNV-1a hash of the event's JSON id "<article_id>-<index+1>",
 * mixed by the splitmix64 finaliser, with the top bit cleared, so it is positive as a signed 64-bit integer (what
 * GDELT's INTEGER columns are loaded as). Stable across runs, machines and
 * -j; two events collide with probability about n*n / 2^64 for n events.
 */
CASUS_API uint64_t casus_gdelt_event_id(const char *article_id, size_t index);

/* The CAMEO name of an event code ("040": "Consult, not specified below"),
 * or NULL when the pipeline has no event stage or no such code. Borrowed
 * from p. */
CASUS_API const char *casus_event_name(const casus_pipeline *p, const char *code);

/* Where the event pattern rule (casus_event.rule) was written: *file (the
 * pattern file's path, borrowed from p) and *line. Returns 0, or
 * CASUS_ENOENT when p has no such pattern. */
CASUS_API int casus_event_rule(const casus_pipeline *p, const char *rule, const char **file,
                               uint32_t *line);

/*
 * A trigger the event coder found but coded nothing for, and why (`casus
 * explain`): sentence is its sentence's index, word the trigger word (an
 * index into the document's words; -1 when a sentence discard stopped the
 * whole sentence), rule the pattern concerned (NULL when none), reason one
 * English phrase ("negated", "no source: subj 'day' names no actor",
 * "conditions of consult.hold-talks-with failed: obj=talk"). Strings are
 * valid during the call only.
 */
typedef struct casus_event_skip {
    uint32_t sentence;
    int32_t word;
    const char *rule;
    const char *reason;
} casus_event_skip;

typedef void (*casus_event_skip_fn)(void *ctx, const casus_event_skip *s);

/*
 * Codes d's events again (d must have been processed with the event
 * stage), calling skip(ctx, ...) for every trigger that coded nothing, in
 * the order the coder meets them (per sentence: verbs, then nouns). The events are those casus_doc_process wrote; d's event layer
 * is replaced by the identical new one (the old one stays in d's arena).
 * Returns 0, CASUS_EINVAL when d has no event layer, or CASUS_ETOOBIG.
 */
CASUS_API int casus_doc_trace_events(casus_doc *d, casus_event_skip_fn skip, void *ctx,
                                     casus_error *err);

#ifdef __cplusplus
}
#endif
#endif /* CASUS_H */
