/* committee-report: the plugin's C interface, version 1.
 *
 * This header is all a host needs to run the committee-report plugin in its own
 * process: a C or C++ program, .NET (P/Invoke), Java (FFM/JNA) or Python (ctypes).
 * Link with `pkg-config --libs committee-report` (libcommittee-report.so.1) or load
 * that library at run time. Plain C11; no C++ type and no exception crosses it.
 *
 * Conventions (as in SQLite and libgit2):
 * - Every string is UTF-8 and NUL-terminated. Data goes in and out as JSON, so the
 *   interface stays the same while the data grows: new keys may appear in what the
 *   library returns (ignore keys you do not know); the library refuses keys in a
 *   request it does not know, so a typo is never silently ignored.
 * - Memory the library returns (`char *`) is the caller's and is freed with cr_free();
 *   the caller's own memory is never kept after a call returns.
 * - Functions are only ever added. A host built against version N works with a library
 *   whose cr_api_version() is >= N and has the same major SONAME (libcommittee-report.so.1).
 * - No personal data is ever put in a result or a message: registry ids, file paths and
 *   Swedish messages are all a host needs to show.
 *
 * Thread safety: one cr_plugin may be used from many threads at once; cr_run_json calls
 * on one handle run concurrently (they share the office processes, which are a pool).
 * cr_close must be called once, when no other call on that handle is running; it waits
 * for nothing and stops the office processes the handle started.
 *
 * Schemas of the JSON (JSON Schema 2020-12) are installed in
 * /usr/share/committee-report/schemas/: cr-request.schema.json,
 * cr-result.schema.json, cr-actions.schema.json, cr-error.schema.json.
 */
#ifndef COMMITTEE_REPORT_H
#define COMMITTEE_REPORT_H

#ifdef __cplusplus
extern "C" {
#endif

#if defined(__GNUC__)
#define CR_EXPORT __attribute__((visibility("default")))
#else
#define CR_EXPORT
#endif

/* The version of this header. Compare with cr_api_version() at start. */
#define CR_API_VERSION 1

/* Return codes: the same numbers the command-line host exits with. */
#define CR_OK 0
#define CR_FAILED 1       /* anything else; the result's logDetail is for the administrator */
#define CR_INVALID 2      /* invalid input: a parameter, the request, the configuration */
#define CR_NOT_ALLOWED 3  /* the acting user lacks the role the action requires */
#define CR_REFUSED 4      /* the action will not do this (e.g. a draft with unfilled places) */
#define CR_UNAVAILABLE 5  /* the registry or the office could not be reached; try again later */
#define CR_CANCELLED 130  /* the progress callback asked the run to stop */

/* The version of the library that is loaded (>= the CR_API_VERSION a host was built with). */
CR_EXPORT int cr_api_version(void);

/* The library's own version, e.g. "0.2.0"; a static string, never freed. */
CR_EXPORT const char *cr_library_version(void);

/* An open plugin: its configuration, its office processes and its audit log. */
typedef struct cr_plugin cr_plugin;

/* Called as a run progresses, on the thread that called cr_run_json.
 * stage: a stable id ("hamtar", "beraknar", "skapar-dokument", "klar" …);
 * fraction: 0..1; message: Swedish, for the official.
 * Return non-zero to ask the run to stop: it ends with CR_CANCELLED at its next step.
 * Calls come one at a time, never two at once for one run.
 * A callback should return quickly: the run waits for it, without a time limit (a callback
 * that never returns holds its run, and whatever that run holds, such as an office process,
 * for ever). To bound a run's time, return non-zero once your own deadline has passed. */
typedef int (*cr_progress_fn)(void *user, const char *stage, double fraction, const char *message);

/* Opens the plugin with the administrator's configuration file (XML; NULL or "" means
 * $COMMITTEE_REPORT_CONFIG, else /etc/committee-report/committee-report.xml). The file is
 * validated now; the office processes start when a run first needs them.
 * On success returns CR_OK and sets *out. Otherwise returns CR_INVALID (configuration) or
 * CR_FAILED, sets *out to NULL and, when error_json is not NULL, sets *error_json to
 * {"status","message","logDetail"} (free it with cr_free). */
CR_EXPORT int cr_open(const char *configuration_file, cr_plugin **out, char **error_json);

/* The actions as JSON: {"apiVersion","libraryVersion","actions":[{"id","label","description",
 * "menu":"case|meeting|administration","requiredRole","parameters":[{"key","label",
 * "type":"text|date|choice|integer|boolean","default","allowedValues","required","help"}]}]}.
 * NULL only when plugin is NULL or memory ran out. Free with cr_free. */
CR_EXPORT char *cr_actions_json(cr_plugin *plugin);

/* Runs one action and blocks until it is done.
 * request_json: {"action","case","meeting","user","roles":[…],"parameters":{…},"output",
 *                "client"} — "action" and "user" required; "case" for case actions;
 *                "output" an output folder (default: the configured one); "client" names the
 *                host or DMS client for the audit log.
 * progress: may be NULL. user: passed to progress unchanged.
 * Returns the status as a code (CR_OK …) and, when result_json is not NULL, sets
 * *result_json to {"status":"ok|invalid|not-allowed|refused|unavailable|failed|cancelled",
 * "message","logDetail","files":[…],"createdIds":[…],"warnings":[…],"checks":[{"name","ok",
 * "message","fix"}]} (free it with cr_free). Bad input (NULL pointers, invalid UTF-8,
 * malformed JSON, a request over 1 MiB or with arrays/objects nested deeper than 16 levels,
 * unknown keys) returns CR_INVALID with a result, never a crash. */
CR_EXPORT int cr_run_json(cr_plugin *plugin, const char *request_json, cr_progress_fn progress,
                          void *user, char **result_json);

/* Frees a string the library returned. NULL is allowed. */
CR_EXPORT void cr_free(char *text);

/* Stops the plugin's office processes and frees the handle. NULL is allowed. */
CR_EXPORT void cr_close(cr_plugin *plugin);

#ifdef __cplusplus
}
#endif

#endif /* COMMITTEE_REPORT_H */
