/*
 * test_cli.c — data-driven tests of the casus binary.
 *
 * Each case is tests/golden/NAME.cmd: the first line holds casus's
 * arguments (run from the repository root, with stdin from NAME.stdin when
 * that file exists); NAME.out is the expected stdout, NAME.rc the expected
 * exit code (0 when absent) and NAME.err, when present, a string stderr
 * must contain. The expected files were produced by casus and checked by
 * hand; `CASUS_GOLDEN_UPDATE=1` rewrites .out files after a deliberate change.
 */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "testutil.h"

#define GOLDEN_DIR "tests/golden"

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    size_t cap = 4096, len = 0;
    char *s = malloc(cap);
    size_t k;
    while (s && (k = fread(s + len, 1, cap - len - 1, f)) > 0) {
        len += k;
        if (cap - len < 2) {
            char *t = realloc(s, cap * 2);
            if (!t) {
                free(s);
                s = NULL;
                break;
            }
            s = t;
            cap *= 2;
        }
    }
    fclose(f);
    if (s)
        s[len] = '\0';
    if (n)
        *n = len;
    return s;
}

static int file_exists(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f)
        fclose(f);
    return f != NULL;
}

static int run_case(const char *name)
{
    char path[512], cmd[2048], in[512], out_path[512], err_path[512];
    snprintf(path, sizeof path, GOLDEN_DIR "/%s.cmd", name);
    char *args = slurp(path, NULL);
    if (!args)
        return -1;
    args[strcspn(args, "\n")] = '\0';
    snprintf(in, sizeof in, GOLDEN_DIR "/%s.stdin", name);
    snprintf(out_path, sizeof out_path, CASUS_BUILD "/tests/golden-%s.out", name);
    snprintf(err_path, sizeof err_path, CASUS_BUILD "/tests/golden-%s.err", name);
    snprintf(cmd, sizeof cmd, "%s/casus %s <%s >%s 2>%s", CASUS_BUILD, args,
             file_exists(in) ? in : "/dev/null", out_path, err_path);
    free(args);
    int st = system(cmd);
    int rc = WIFEXITED(st) ? WEXITSTATUS(st) : 128;

    snprintf(path, sizeof path, GOLDEN_DIR "/%s.rc", name);
    char *want_rc = slurp(path, NULL);
    int expect_rc = want_rc ? atoi(want_rc) : 0;
    free(want_rc);
    int failed = 0;
    if (rc != expect_rc) {
        print_error("%s: exit code %d, expected %d\n", name, rc, expect_rc);
        failed = 1;
    }

    size_t n_got = 0, n_want = 0;
    char *got = slurp(out_path, &n_got);
    snprintf(path, sizeof path, GOLDEN_DIR "/%s.out", name);
    if (getenv("CASUS_GOLDEN_UPDATE") && got) {
        FILE *f = fopen(path, "wb");
        if (f) {
            fwrite(got, 1, n_got, f);
            fclose(f);
        }
    }
    char *want = slurp(path, &n_want);
    if (!got || !want || n_got != n_want || memcmp(got, want, n_got)) {
        print_error("%s: stdout differs from %s (see %s)\n", name, path, out_path);
        failed = 1;
    }
    free(got);
    free(want);

    snprintf(path, sizeof path, GOLDEN_DIR "/%s.err", name);
    char *want_err = slurp(path, NULL);
    if (want_err) {
        want_err[strcspn(want_err, "\n")] = '\0';
        char *err = slurp(err_path, NULL);
        if (!err || !strstr(err, want_err)) {
            print_error("%s: stderr lacks \"%s\":\n%s\n", name, want_err, err ? err : "");
            failed = 1;
        }
        free(err);
    }
    free(want_err);
    return failed;
}

static void golden_cases(void **state)
{
    (void)state;
    DIR *dir = opendir(GOLDEN_DIR);
    assert_non_null(dir);
    char *names[256];
    size_t n = 0;
    struct dirent *e;
    while ((e = readdir(dir)) && n < 256) {
        size_t len = strlen(e->d_name);
        if (len > 4 && !strcmp(e->d_name + len - 4, ".cmd"))
            names[n++] = strndup(e->d_name, len - 4);
    }
    closedir(dir);
    assert_true(n > 0);
    int failures = 0;
    for (size_t i = 0; i < n; i++) {
        if (run_case(names[i]))
            failures++;
        free(names[i]);
    }
    assert_int_equal(failures, 0);
}

/* Runs "casus TAIL" through the shell and returns its exit code. */
static int casus_sh(const char *tail)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "%s/casus %s", CASUS_BUILD, tail);
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

static void version_help_and_usage_errors(void **state)
{
    (void)state;
    assert_int_equal(casus_sh("--version | grep -q '^casus " CASUS_VERSION "$'"), 0);
    assert_int_equal(casus_sh("tokenize --help | grep -q -- '--format'"), 0);
    assert_int_equal(casus_sh("--help | grep -q 'tokenize'"), 0);
    assert_int_equal(casus_sh("nosuchcommand 2>/dev/null"), 2);
    assert_int_equal(casus_sh("code --bogus 2>/dev/null"), 2);
    assert_int_equal(casus_sh("code --jobs 2>/dev/null"), 2);
    assert_int_equal(casus_sh("code --jobs x 2>/dev/null"), 2);
    assert_int_equal(casus_sh("2>/dev/null"), 2);
    /* --beam: the parser's only, 0 to 64 */
    assert_int_equal(casus_sh("train tagger --train x --beam 3 -o /dev/null 2>/dev/null"), 2);
    assert_int_equal(casus_sh("train parser --train x --beam 65 -o /dev/null 2>/dev/null"), 2);
    assert_int_equal(casus_sh("train parser --train x --beam -1 -o /dev/null 2>/dev/null"), 2);
}

static void jobs_keep_input_order(void **state)
{
    (void)state;
    /* 500 JSONL articles through -j 1 and -j 3 must give identical output. */
    const char *in = CASUS_BUILD "/tests/jobs.jsonl";
    FILE *f = fopen(in, "wb");
    assert_non_null(f);
    for (int i = 0; i < 500; i++)
        fprintf(f, "{\"id\":\"a%d\",\"text\":\"Article %d says the envoy met %d officials.%s\"}\n",
                i, i, i * 7, i % 3 ? "" : " A second sentence follows here.");
    fclose(f);
    char cmd[1024];
    snprintf(cmd, sizeof cmd,
             "%s/casus code -q --tokens -j 1 %s > %s.1 && %s/casus code -q --tokens -j 3 %s > "
             "%s.3 && cmp -s %s.1 %s.3 && test $(wc -l < %s.1) -eq 500",
             CASUS_BUILD, in, in, CASUS_BUILD, in, in, in, in, in);
    assert_int_equal(system(cmd), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(version_help_and_usage_errors),
        cmocka_unit_test(jobs_keep_input_order),
        cmocka_unit_test(golden_cases),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
