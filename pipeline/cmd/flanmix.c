/* flanmix: the dispatcher. `flanmix SUB args...` runs `flanmix-SUB args...` from the
 * directory this executable lives in (then from PATH), the way git runs its commands. */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const COMMANDS[][2] = {
    { "build", "run a whole mixture build: ingest, format, mix, tokenize, pack, write" },
    { "demo", "build the small demo mixture embedded in the repository" },
    { "ingest", "read raw datasets into normalized records" },
    { "format", "turn records into (inputs, targets) examples with templates" },
    { "mix", "draw a mixture of formatted examples by rates" },
    { "tokenize", "tokenize formatted examples with a SentencePiece model" },
    { "pack", "pack tokenized examples into fixed-length rows and write shards" },
    { "inspect", "show formatted examples, shards and statistics as text" },
    { "verify", "re-read an output directory and check every invariant" },
    { "merge", "merge the outputs of N parts into one output" },
    { "report", "write a self-contained HTML report of a build" },
    { "kshot", "LM-BFF K-shot splits per class and seed" },
    { "import-flan", "convert a FLAN checkout's templates.py into template files" },
};

static void usage(FILE *f)
{
    fprintf(f, "usage: flanmix COMMAND [ARGS...]\n\ncommands:\n");
    for (size_t i = 0; i < sizeof COMMANDS / sizeof COMMANDS[0]; i++)
        fprintf(f, "  %-12s %s\n", COMMANDS[i][0], COMMANDS[i][1]);
    fprintf(f, "\n`flanmix COMMAND --help` describes a command.\n");
}

int main(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
        usage(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    if (!strcmp(argv[1], "--version")) {
        printf("flanmix 0.1\n");
        return 0;
    }
    if (strchr(argv[1], '/')) {
        fprintf(stderr, "flanmix: '%s' is not a command\n", argv[1]);
        return 2;
    }
    char self[PATH_MAX];
    char path[PATH_MAX + 64];
    ssize_t n = readlink("/proc/self/exe", self, sizeof self - 1);
    if (n > 0) {
        self[n] = '\0';
        char *slash = strrchr(self, '/');
        if (slash) *slash = '\0';
        snprintf(path, sizeof path, "%s/flanmix-%s", self, argv[1]);
        if (access(path, X_OK) == 0) {
            argv[1] = path;
            execv(path, argv + 1);
            fprintf(stderr, "flanmix: cannot run %s: %s\n", path, strerror(errno));
            return 126;
        }
    }
    snprintf(path, sizeof path, "flanmix-%s", argv[1]);
    argv[1] = path;
    execvp(path, argv + 1);
    fprintf(stderr, "flanmix: '%s' is not a flanmix command (no %s). See 'flanmix --help'.\n",
            path + 8, path);
    return 2;
}
