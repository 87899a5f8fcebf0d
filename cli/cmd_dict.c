/*
 * cmd_dict.c — `casus dict check [--dict DIR]`: validates every dictionary
 * (CAMEO tables, event patterns, actor dictionaries) and prints each
 * problem as file:line: message, then a summary line. Exit 0 when clean,
 * 1 when something was found, 3 when the dictionaries cannot be read.
 *
 * The work is the library's (casus_dict_check); this file only prints.
 */
#include <stdio.h>
#include <string.h>

#include "cli.h"

static void print_problem(void *ctx, const char *msg)
{
    (void)ctx;
    printf("%s\n", msg);
}

int cmd_dict(const cli_cmd *cmd, cli_args *args)
{
    if (args->n_operands != 1 || strcmp(args->operands[0], "check")) {
        fprintf(stderr, "casus dict: usage: casus dict check [--dict DIR]\n");
        return EXIT_USAGE;
    }
    const char *dir = cli_get(cmd, args, "dict");
    casus_dict_stats st;
    casus_error err = {0};
    int rc = casus_dict_check(dir, print_problem, NULL, &st, &err);
    if (fflush(stdout) || ferror(stdout))
        return EXIT_IOERR;
    if (rc) {
        fprintf(stderr, "casus dict: %s\n", err.msg);
        return rc == CASUS_ENOENT || rc == CASUS_EIO ? EXIT_NOINPUT
               : rc == CASUS_ENOMEM                  ? EXIT_SOFTWARE
                                                     : EXIT_FAIL;
    }
    printf("casus dict check: %zu problem%s (%zu files, %zu CAMEO codes, %zu event patterns, "
           "%zu discards)\n",
           st.n_problems, st.n_problems == 1 ? "" : "s", st.n_files, st.n_codes, st.n_patterns,
           st.n_discards);
    if (fflush(stdout) || ferror(stdout))
        return EXIT_IOERR;
    return st.n_problems ? EXIT_FAIL : EXIT_OK;
}
