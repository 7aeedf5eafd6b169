// A stand-in for libcommittee-report's C interface (committee_report.h) for the
// service's tests: three actions shaped like the real ones, runs that report ten
// progress steps, honour cancel and write a small file. Lets the HTTP layer be tested
// without a registry or an office; the reference-registry test uses the real library.
#pragma once

#include <string>

namespace committee_report::tests::fake_plugin {

// Runs the fake has started (entered cr_run_json past request checks) since reset().
int runsStarted();
// Requests received by cr_run_json, newest last.
std::string lastRequest();
// While held, runs wait before their first step (cancel still ends them), reporting
// the stage set by holdStage ("i-ko" after reset(); e.g. "registrerar" for a run that
// is writing to the registry).
void hold(bool held);
void holdStage(const std::string& stage);
void reset();

}  // namespace committee_report::tests::fake_plugin
