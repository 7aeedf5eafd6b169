// A small, strict JSON reader (RFC 8259) for the registry client's answers.
//
// Why not Poco::JSON's DOM: measured on a page of 100 cases (127 kB), Poco's
// parser needs 38 µs per case (15 µs tokenizing, the rest building Var/Object
// maps), which alone caps the client at ~26 000 cases/s before any network or
// server time. This reader builds a plain tree in one pass (~4 µs per case).
// Poco::JSON still writes the request bodies.
//
// Strings and member names are views: into the parsed text (a copy kept by the
// Document) when they have no escapes, else into a decoded copy the Document
// keeps. A page of 100 cases thus costs one vector per object and no string
// allocations; a Value is valid only while its Document lives.
#pragma once

#include <algorithm>
#include <cstdint>
#include <deque>
#include <memory>
#include <span>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace committee_report::registry::json {

class Value {
  public:
    enum class Type { Null, Boolean, Integer, Double, String, Array, Object };

    [[nodiscard]] Type type() const { return type_; }
    [[nodiscard]] bool isNull() const { return type_ == Type::Null; }
    [[nodiscard]] bool isString() const { return type_ == Type::String; }
    [[nodiscard]] bool isObject() const { return type_ == Type::Object; }
    [[nodiscard]] bool isArray() const { return type_ == Type::Array; }

    [[nodiscard]] bool boolean() const { return boolean_; }
    [[nodiscard]] std::int64_t integer() const { return integer_; }
    [[nodiscard]] double number() const {
        return type_ == Type::Integer ? static_cast<double>(integer_) : double_;
    }
    // Views into the Document: copy what must outlive it.
    [[nodiscard]] std::string_view string() const { return string_; }
    using Member = std::pair<std::string_view, Value>;
    // Contiguous in the Document's arena.
    [[nodiscard]] std::span<const Value> array() const;
    [[nodiscard]] std::span<const Member> members() const;

    // The member `key` of an object (the first, if repeated); nullptr if absent or not an object.
    [[nodiscard]] const Value* find(std::string_view key) const;

  private:
    friend class Reader;
    Type type_ = Type::Null;
    bool boolean_ = false;
    std::int64_t integer_ = 0;
    double double_ = 0;
    std::string_view string_;
    const Value* elements_ = nullptr;  // of an array
    const Member* members_ = nullptr;  // of an object
    std::size_t size_ = 0;             // elements or members
};

inline std::span<const Value> Value::array() const { return {elements_, elements_ ? size_ : 0}; }
inline std::span<const Value::Member> Value::members() const {
    return {members_, members_ ? size_ : 0};
}

// Blocks of T handed out in contiguous runs; nothing moves once handed out.
template <class T>
class Arena {
  public:
    explicit Arena(std::size_t firstBlock = 64) : next_(firstBlock) {}
    T* take(std::size_t n) {
        if (used_ + n > capacity_) {
            capacity_ = std::max(n, next_);
            next_ = capacity_ * 2;
            blocks_.push_back(std::make_unique<T[]>(capacity_));
            used_ = 0;
        }
        T* run = blocks_.back().get() + used_;
        used_ += n;
        return run;
    }
    void reserveFirst(std::size_t n) { next_ = std::max<std::size_t>(n, 16); }

  private:
    std::vector<std::unique_ptr<T[]>> blocks_;
    std::size_t used_ = 0, capacity_ = 0, next_;
};

// The root value of a parsed text, owning the text and the decoded strings
// its values view. Keep it (not a copy of its Value) while the values are used.
class Document : public Value {
  public:
    Document() : storage_(std::make_unique<Storage>()) {}

  private:
    friend class Reader;
    struct Storage {
        std::string text;
        std::deque<std::string> decoded;  // strings with escapes; a deque never moves them
        Arena<Member> members;            // of all objects (no vector per object)
        Arena<Value> elements;            // of all arrays
    };
    std::unique_ptr<Storage> storage_;
};

struct SyntaxError : std::runtime_error {
    SyntaxError(const std::string& message, std::size_t offset)
        : std::runtime_error(message + " at byte " + std::to_string(offset)), offset(offset) {}
    std::size_t offset;
};

// Parses a whole JSON text (copied into the Document); throws SyntaxError.
// Nesting deeper than 64 is refused.
[[nodiscard]] Document parse(std::string_view text);
// The same, taking over `text` instead of copying it (a page is some 120 kB).
[[nodiscard]] Document parseOwned(std::string&& text);

}  // namespace committee_report::registry::json
