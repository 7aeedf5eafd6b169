// The one Boost.Test main of every test executable; suites live in *_test.cpp.
#define BOOST_TEST_MODULE committee_report
#include <boost/test/unit_test.hpp>
