// `committee-report serve` with the stand-in of the C interface: the service process
// the browser test drives before (and besides) the real library. Same serve() the CLI calls.
#include <iostream>

#include "serve.h"

int main(int argc, char** argv) {
    if (argc < 2) {
        std::cerr << "usage: service-fake-host CONFIG [HOST:PORT]\n";
        return 2;
    }
    committee_report::service::ServeOptions options;
    options.configurationFile = argv[1];
    if (argc > 2) options.listen = argv[2];
    return committee_report::service::serve(options);
}
