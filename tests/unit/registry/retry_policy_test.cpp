#include <boost/test/unit_test.hpp>

#include "registry/retry_policy.h"

using committee_report::registry::parseRetryAfter;
using committee_report::registry::RetryPolicy;
using ms = std::chrono::milliseconds;

BOOST_AUTO_TEST_SUITE(retry_policy_test)

BOOST_AUTO_TEST_CASE(only_throttling_and_gateway_statuses_are_retried) {
    for (int status : {429, 502, 503, 504}) BOOST_TEST(RetryPolicy::isRetryableStatus(status));
    for (int status : {200, 201, 400, 401, 403, 404, 409, 412, 413, 500, 501})
        BOOST_TEST(!RetryPolicy::isRetryableStatus(status));
}

BOOST_AUTO_TEST_CASE(back_off_doubles_up_to_the_cap) {
    RetryPolicy policy;
    policy.initialDelay = ms(500);
    policy.maxDelay = ms(8000);
    // jitter 1: the full back-off
    BOOST_TEST(policy.delayBefore(2, std::nullopt, 1.0).count() == 500);
    BOOST_TEST(policy.delayBefore(3, std::nullopt, 1.0).count() == 1000);
    BOOST_TEST(policy.delayBefore(4, std::nullopt, 1.0).count() == 2000);
    BOOST_TEST(policy.delayBefore(6, std::nullopt, 1.0).count() == 8000);
    BOOST_TEST(policy.delayBefore(40, std::nullopt, 1.0).count() == 8000);
}

BOOST_AUTO_TEST_CASE(jitter_spreads_the_upper_half_of_the_back_off) {
    RetryPolicy policy;
    policy.initialDelay = ms(1000);
    BOOST_TEST(policy.delayBefore(3, std::nullopt, 0.0).count() == 1000);  // half of 2000
    BOOST_TEST(policy.delayBefore(3, std::nullopt, 0.5).count() == 1500);
    BOOST_TEST(policy.delayBefore(3, std::nullopt, 1.0).count() == 2000);
    // out-of-range jitter is clamped, never a negative or oversized wait
    BOOST_TEST(policy.delayBefore(3, std::nullopt, -3.0).count() == 1000);
    BOOST_TEST(policy.delayBefore(3, std::nullopt, 7.0).count() == 2000);
}

BOOST_AUTO_TEST_CASE(retry_after_from_the_server_is_honoured) {
    RetryPolicy policy;
    BOOST_TEST(policy.delayBefore(2, ms(3000), 0.0).count() == 3000);
    BOOST_TEST(policy.delayBefore(5, ms(0), 1.0).count() == 0);
    BOOST_TEST(parseRetryAfter("3").value().count() == 3000);
    BOOST_TEST(parseRetryAfter(" 120 ").value().count() == 120000);
    BOOST_TEST(!parseRetryAfter("").has_value());
    BOOST_TEST(!parseRetryAfter("-1").has_value());
    BOOST_TEST(!parseRetryAfter("Wed, 21 Oct 2015 07:28:00 GMT").has_value());
}

BOOST_AUTO_TEST_CASE(attempts_and_total_time_are_bounded) {
    RetryPolicy policy;
    policy.maxAttempts = 3;
    policy.totalBudget = ms(10000);
    BOOST_TEST(policy.mayRetry(1, ms(0), ms(500)));
    BOOST_TEST(policy.mayRetry(2, ms(1000), ms(1000)));
    BOOST_TEST(!policy.mayRetry(3, ms(1000), ms(1000)));  // no attempts left
    BOOST_TEST(!policy.mayRetry(1, ms(9000), ms(2000)));  // the wait would end after the budget
    BOOST_TEST(!policy.mayRetry(1, ms(0), ms(60000)));    // a Retry-After beyond the budget
}

BOOST_AUTO_TEST_SUITE_END()
