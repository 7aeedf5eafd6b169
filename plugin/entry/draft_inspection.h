// Reads an edited draft (ODT bytes) the way the finalise step must before it
// may become a public record: places the official was to fill that still hold
// their placeholder, and personnummer typed into the text.
#pragma once

#include <string>
#include <vector>

namespace committee_report::entry {

struct DraftProblems {
    std::vector<std::string>
        unfilledPlaces;  // the placeholders' descriptions, e.g. "Förvaltningens bedömning"
    int personalIdentityNumbers = 0;  // how many; never which
    [[nodiscard]] bool empty() const {
        return unfilledPlaces.empty() && personalIdentityNumbers == 0;
    }
};

// Throws std::runtime_error if the bytes are not a readable ODT.
[[nodiscard]] DraftProblems inspectDraft(const std::string& odtBytes);

}  // namespace committee_report::entry
