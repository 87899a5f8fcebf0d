/*
 * opts.c — option parsing and --help from one table per command.
 *
 * Accepts --name VALUE, --name=VALUE, -x VALUE, -xVALUE, grouped short
 * flags (-qv) and "--" to end options; "-" alone is an operand (stdin).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

void cli_print_help(const cli_cmd *cmd, FILE *f)
{
    fprintf(f, "usage: casus %s %s\n\n%s\n", cmd->name, cmd->usage, cmd->summary);
    if (cmd->details)
        fprintf(f, "\n%s\n", cmd->details);
    fprintf(f, "\noptions:\n");
    for (const cli_opt *o = cmd->opts; o && o->name; o++) {
        char left[64];
        if (o->short_name)
            snprintf(left, sizeof left, "-%c, --%s%s%s", o->short_name, o->name, o->arg ? " " : "",
                     o->arg ? o->arg : "");
        else
            snprintf(left, sizeof left, "    --%s%s%s", o->name, o->arg ? " " : "",
                     o->arg ? o->arg : "");
        fprintf(f, "  %-28s %s\n", left, o->help);
    }
    fprintf(f, "  %-28s %s\n", "-h, --help", "show this help");
}

static int find_long(const cli_cmd *cmd, const char *name, size_t len)
{
    for (int i = 0; cmd->opts && cmd->opts[i].name; i++)
        if (strlen(cmd->opts[i].name) == len && !strncmp(cmd->opts[i].name, name, len))
            return i;
    return -1;
}

static int find_short(const cli_cmd *cmd, char c)
{
    for (int i = 0; cmd->opts && cmd->opts[i].name; i++)
        if (cmd->opts[i].short_name == c)
            return i;
    return -1;
}

/* Sets option k's value; a repeated option keeps every value too. */
static void remember(cli_args *args, int k, const char *v)
{
    args->values[k] = v;
    if (args->n_all[k] < sizeof args->all[k] / sizeof *args->all[k])
        args->all[k][args->n_all[k]++] = v;
}

const char *const *cli_get_all(const cli_cmd *cmd, const cli_args *args, const char *name,
                               size_t *n)
{
    int k = find_long(cmd, name, strlen(name));
    *n = k < 0 ? 0 : args->n_all[k];
    return k < 0 ? NULL : args->all[k];
}

int cli_parse(const cli_cmd *cmd, int argc, char **argv, cli_args *args)
{
    memset(args, 0, sizeof *args);
    args->operands = (const char **)argv + argc; /* empty until set */
    int i = 1, n_op = 0;
    /* Operands are compacted in place at the front of argv[1..]. */
    char **ops = argv + 1;
    for (; i < argc; i++) {
        char *a = argv[i];
        if (!strcmp(a, "--")) {
            for (i++; i < argc; i++)
                ops[n_op++] = argv[i];
            break;
        }
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
            cli_print_help(cmd, stdout);
            return -1;
        }
        if (a[0] == '-' && a[1] == '-') {
            const char *name = a + 2, *eq = strchr(name, '=');
            size_t len = eq ? (size_t)(eq - name) : strlen(name);
            int k = find_long(cmd, name, len);
            if (k < 0) {
                fprintf(stderr, "casus %s: unknown option --%.*s (see casus %s --help)\n",
                        cmd->name, (int)len, name, cmd->name);
                return EXIT_USAGE;
            }
            if (cmd->opts[k].arg) {
                if (eq)
                    remember(args, k, eq + 1);
                else if (i + 1 < argc)
                    remember(args, k, argv[++i]);
                else {
                    fprintf(stderr, "casus %s: --%s needs %s\n", cmd->name, cmd->opts[k].name,
                            cmd->opts[k].arg);
                    return EXIT_USAGE;
                }
            } else if (eq) {
                fprintf(stderr, "casus %s: --%s takes no value\n", cmd->name, cmd->opts[k].name);
                return EXIT_USAGE;
            } else {
                args->values[k] = "1";
            }
            continue;
        }
        if (a[0] == '-' && a[1]) {
            for (const char *p = a + 1; *p; p++) {
                int k = find_short(cmd, *p);
                if (k < 0) {
                    fprintf(stderr, "casus %s: unknown option -%c (see casus %s --help)\n",
                            cmd->name, *p, cmd->name);
                    return EXIT_USAGE;
                }
                if (!cmd->opts[k].arg) {
                    args->values[k] = "1";
                    continue;
                }
                if (p[1])
                    remember(args, k, p + 1);
                else if (i + 1 < argc)
                    remember(args, k, argv[++i]);
                else {
                    fprintf(stderr, "casus %s: -%c needs %s\n", cmd->name, *p,
                            cmd->opts[k].arg);
                    return EXIT_USAGE;
                }
                break;
            }
            continue;
        }
        ops[n_op++] = a;
    }
    args->operands = (const char **)ops;
    args->n_operands = (size_t)n_op;
    return 0;
}

const char *cli_get(const cli_cmd *cmd, const cli_args *args, const char *name)
{
    int k = find_long(cmd, name, strlen(name));
    return k < 0 ? NULL : args->values[k];
}

long cli_get_long(const cli_cmd *cmd, const cli_args *args, const char *name, long def)
{
    const char *v = cli_get(cmd, args, name);
    if (!v)
        return def;
    char *end;
    errno = 0;
    long x = strtol(v, &end, 10);
    if (errno || end == v || *end || x < 0) {
        fprintf(stderr, "casus %s: --%s wants a non-negative integer, not '%s'\n", cmd->name,
                name, v);
        return -1;
    }
    return x;
}
