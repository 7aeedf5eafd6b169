// A shared library that is not a committee-report plugin at all.
extern "C" int somethingElse() { return 0; }
