/*
 * testutil.h — what every cmocka test file includes.
 */
#ifndef CASUS_TESTUTIL_H
#define CASUS_TESTUTIL_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "casus.h"

#ifndef CASUS_TEST_DATA
#define CASUS_TEST_DATA "tests/data"
#endif
#ifndef CASUS_BUILD
#define CASUS_BUILD "build"
#endif

/* The pipeline a test file's cases share (the committed models and dict/),
 * made by a group setup and freed by its teardown. */
static inline casus_pipeline **tu_pipe_slot(void)
{
    static casus_pipeline *p;
    return &p;
}

static inline casus_pipeline *tu_pipe(void)
{
    return *tu_pipe_slot();
}

/* Makes the shared pipeline with the knowledge layers `layers`
 * (CASUS_LAYER_* bits; 0: all). Returns 0, or -1 with the reason on
 * stderr. */
static inline int tu_setup_layers(unsigned layers)
{
    casus_error err;
    casus_pipeline_opts o;
    memset(&o, 0, sizeof o);
    o.layers = layers;
    if (casus_pipeline_new(tu_pipe_slot(), &o, &err)) {
        fprintf(stderr, "pipeline: %s\n", err.msg);
        return -1;
    }
    return 0;
}

static inline int tu_setup(void **state)
{
    (void)state;
    return tu_setup_layers(0);
}

static inline int tu_teardown(void **state)
{
    (void)state;
    casus_pipeline_free(tu_pipe());
    *tu_pipe_slot() = NULL;
    return 0;
}

/* Fills *a as the article "t" with text and date (borrowed) and processes
 * it with the shared pipeline into *d; the test fails if that fails. */
static inline void tu_process(casus_article *a, casus_doc **d, const char *text, const char *date)
{
    memset(a, 0, sizeof *a);
    a->id = (char *)"t";
    a->text = (char *)text;
    a->text_len = strlen(text);
    a->date = (char *)date;
    casus_error err;
    assert_int_equal(casus_doc_process(tu_pipe(), a, d, &err), 0);
}

#endif
