// For builds without libFuzzer (g++): feeds each file of the given corpus folders (or files)
// to LLVMFuzzerTestOneInput once, in name order, then a fixed number of inputs mutated from
// them by a seeded generator (byte flips, truncation, insertion, deletion, splicing), so that
// ctest both replays the seed corpus and makes a small, bounded, reproducible fuzzing run.
// A crash or sanitizer finding fails the test like any other; on a crash signal the input
// that caused it is written to ./crash-replay-<seed>-<n> for the fuzzer or a debugger.
//
//   fuzz_<target> CORPUS... [--mutations N] [--seed S]     (defaults: 500, 1)
#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size);

namespace {

// Inputs grow by insertion and splicing; beyond this they are cut, which keeps a run bounded.
constexpr std::size_t kMaxInputBytes = 64 * 1024;

// What the signal handler writes out: the input being run and its file name.
const std::string* current = nullptr;
char crashFile[64] = "crash-replay";

void saveCurrentInput(int signal) {
    if (current) {
        const int fd = open(crashFile, O_WRONLY | O_CREAT | O_TRUNC, 0644);
        if (fd >= 0) {
            (void)!write(fd, current->data(), current->size());
            close(fd);
        }
        (void)!write(STDERR_FILENO, "input written to ", 17);
        (void)!write(STDERR_FILENO, crashFile, strnlen(crashFile, sizeof crashFile));
        (void)!write(STDERR_FILENO, "\n", 1);
    }
    ::signal(signal, SIG_DFL);
    raise(signal);
}

void run(const std::string& bytes) {
    current = &bytes;
    LLVMFuzzerTestOneInput(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
    current = nullptr;
}

// std::mt19937 gives the same sequence everywhere; the standard distributions do not, so
// numbers are drawn from it directly.
class Mutator {
  public:
    explicit Mutator(std::uint32_t seed) : random_(seed) {}

    std::size_t below(std::size_t bound) { return bound == 0 ? 0 : random_() % bound; }

    std::string mutate(const std::vector<std::string>& corpus) {
        std::string bytes = corpus[below(corpus.size())];
        const std::size_t steps = 1 + below(4);
        for (std::size_t step = 0; step < steps; ++step) {
            switch (below(6)) {
                case 0:  // flip one bit
                    if (!bytes.empty())
                        bytes[below(bytes.size())] ^= static_cast<char>(1u << below(8));
                    break;
                case 1:  // one byte replaced by an interesting or random value
                    if (!bytes.empty()) bytes[below(bytes.size())] = interestingByte();
                    break;
                case 2:  // truncation
                    bytes.resize(below(bytes.size() + 1));
                    break;
                case 3: {  // insertion of up to 8 bytes
                    std::string insert(1 + below(8), '\0');
                    for (char& c : insert) c = interestingByte();
                    bytes.insert(below(bytes.size() + 1), insert);
                    break;
                }
                case 4: {  // deletion of a run
                    if (bytes.empty()) break;
                    const std::size_t at = below(bytes.size());
                    bytes.erase(at, 1 + below(std::min<std::size_t>(16, bytes.size() - at)));
                    break;
                }
                default: {  // splice: a piece of another input inserted here
                    const std::string& other = corpus[below(corpus.size())];
                    if (other.empty()) break;
                    const std::size_t from = below(other.size());
                    const std::size_t length = 1 + below(other.size() - from);
                    bytes.insert(below(bytes.size() + 1), other.substr(from, length));
                    break;
                }
            }
        }
        if (bytes.size() > kMaxInputBytes) bytes.resize(kMaxInputBytes);
        return bytes;
    }

  private:
    char interestingByte() {
        static const char kInteresting[] = {'\0', '\x7f', '\x80', '\xff', '"', '\\', '<',
                                            '>',  '&',    '\'',   '{',    '}', '[',  ']',
                                            ',',  ':',    '-',    '0',    '9', ' ',  '\n'};
        return below(2) ? kInteresting[below(sizeof kInteresting)] : static_cast<char>(random_());
    }

    std::mt19937 random_;
};

}  // namespace

int main(int argc, char** argv) {
    std::vector<std::filesystem::path> inputs;
    unsigned long mutations = 500;
    unsigned long seed = 1;
    for (int i = 1; i < argc; ++i) {
        const std::string argument = argv[i];
        if ((argument == "--mutations" || argument == "--seed") && i + 1 < argc) {
            (argument == "--seed" ? seed : mutations) = std::strtoul(argv[++i], nullptr, 10);
            continue;
        }
        const std::filesystem::path path(argument);
        if (std::filesystem::is_directory(path)) {
            for (const auto& entry : std::filesystem::directory_iterator(path))
                if (entry.is_regular_file()) inputs.push_back(entry.path());
        } else {
            inputs.push_back(path);
        }
    }
    std::sort(inputs.begin(), inputs.end());
    if (inputs.empty()) {
        std::fprintf(stderr, "no corpus files given\n");
        return 2;
    }
    // Only where nothing else handles the signal: a sanitizer's handler prints the stack.
    for (const int s : {SIGSEGV, SIGABRT, SIGBUS, SIGFPE, SIGILL}) {
        struct sigaction existing {};
        if (sigaction(s, nullptr, &existing) == 0 && existing.sa_handler == SIG_DFL)
            signal(s, saveCurrentInput);
    }

    std::vector<std::string> corpus;
    for (const auto& input : inputs) {
        std::ifstream in(input, std::ios::binary);
        corpus.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
        std::snprintf(crashFile, sizeof crashFile, "crash-replay-corpus-%zu", corpus.size());
        run(corpus.back());
    }
    Mutator mutator(static_cast<std::uint32_t>(seed));
    for (unsigned long n = 0; n < mutations; ++n) {
        const std::string bytes = mutator.mutate(corpus);
        std::snprintf(crashFile, sizeof crashFile, "crash-replay-%lu-%lu", seed, n);
        run(bytes);
    }
    std::printf("replayed %zu inputs, then %lu mutated ones (seed %lu)\n", corpus.size(), mutations,
                seed);
    return 0;
}
