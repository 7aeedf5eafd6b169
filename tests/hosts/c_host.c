/* A host written in plain C11 (compiled as C with -Wall -Werror): opens the
 * plugin, lists its actions, and runs one action with a progress callback,
 * as a native DMS would. Prints each progress step, then the result JSON.
 *
 *   c-host CONFIG REQUEST_JSON [CANCEL_AT_STAGE]
 *
 * With CANCEL_AT_STAGE the callback asks the run to stop when that stage is
 * reported. Exits with the code cr_run_json returned. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "committee_report.h" /* pkg-config --cflags committee-report */

struct progress_state {
    const char *cancel_at;
    int calls;
};

static int on_progress(void *user, const char *stage, double fraction, const char *message) {
    struct progress_state *state = (struct progress_state *)user;
    state->calls++;
    printf("progress %s %.2f %s\n", stage, fraction, message);
    fflush(stdout);
    return state->cancel_at != NULL && strcmp(stage, state->cancel_at) == 0;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: c-host CONFIG REQUEST_JSON [CANCEL_AT_STAGE]\n");
        return 64;
    }
    if (cr_api_version() < CR_API_VERSION) {
        fprintf(stderr, "library interface %d is older than %d\n", cr_api_version(),
                CR_API_VERSION);
        return 1;
    }
    cr_plugin *plugin = NULL;
    char *error = NULL;
    int code = cr_open(argv[1], &plugin, &error);
    if (code != CR_OK) {
        printf("open-error %s\n", error ? error : "(none)");
        cr_free(error);
        return code;
    }
    char *actions = cr_actions_json(plugin);
    printf("actions %s\n", actions ? actions : "(null)");
    cr_free(actions);

    struct progress_state state = {argc > 3 ? argv[3] : NULL, 0};
    char *result = NULL;
    code = cr_run_json(plugin, argv[2], on_progress, &state, &result);
    printf("result %s\n", result ? result : "(null)");
    printf("code %d calls %d\n", code, state.calls);
    cr_free(result);
    cr_close(plugin);
    return code;
}
