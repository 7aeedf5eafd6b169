#include "registry/json_value.h"

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>

namespace committee_report::registry::json {

const Value* Value::find(std::string_view key) const {
    if (!members_) return nullptr;
    for (std::size_t i = 0; i < size_; ++i)
        if (members_[i].first == key) return &members_[i].second;
    return nullptr;
}

namespace {

// Bytes that a string copies as they are: not the quote, the backslash or a control character.
constexpr std::array<bool, 256> plainBytes() {
    std::array<bool, 256> plain{};
    for (int c = 0x20; c < 256; ++c) plain[static_cast<std::size_t>(c)] = c != '"' && c != '\\';
    return plain;
}
constexpr auto kPlain = plainBytes();

// Whether any of the 8 bytes at `p` is a quote, a backslash or a control
// character (exact, no false alarms: the usual "has zero byte" and "has byte
// less than" word tricks), so that plain text is skipped 8 bytes at a time.
bool hasSpecialByte(const char* p) {
    constexpr std::uint64_t kOnes = 0x0101010101010101ULL, kHighs = 0x8080808080808080ULL;
    std::uint64_t word;
    std::memcpy(&word, p, sizeof word);
    auto hasZero = [&](std::uint64_t v) { return (v - kOnes) & ~v & kHighs; };
    const std::uint64_t quote = hasZero(word ^ (kOnes * '"'));
    const std::uint64_t backslash = hasZero(word ^ (kOnes * '\\'));
    const std::uint64_t control = (word - kOnes * 0x20) & ~word & kHighs;
    return (quote | backslash | control) != 0;
}

}  // namespace

class Reader {
  public:
    Document document(std::string&& text) {
        Document document;
        storage_ = document.storage_.get();
        storage_->text = std::move(text);
        text_ = storage_->text;
        // A case's member is some 40 bytes of text; arrays are few.
        storage_->members.reserveFirst(text_.size() / 32);
        storage_->elements.reserveFirst(text_.size() / 1024);
        skipSpace();
        read(document, 0);
        skipSpace();
        if (pos_ != text_.size()) fail("unexpected data after the JSON value");
        return document;
    }

  private:
    static constexpr int kMaxDepth = 64;

    [[noreturn]] void fail(const std::string& message) const { throw SyntaxError(message, pos_); }

    void skipSpace() {
        while (pos_ < text_.size()) {
            const char c = text_[pos_];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
            ++pos_;
        }
    }

    char peek() const {
        if (pos_ >= text_.size()) fail("unexpected end of the JSON text");
        return text_[pos_];
    }

    void expectLiteral(std::string_view literal) {
        if (text_.substr(pos_, literal.size()) != literal) fail("invalid literal");
        pos_ += literal.size();
    }

    void read(Value& value, int depth) {
        switch (peek()) {
            case '{':
                return readObject(value, depth + 1);
            case '[':
                return readArray(value, depth + 1);
            case '"':
                value.type_ = Value::Type::String;
                value.string_ = readString();
                return;
            case 't':
                expectLiteral("true");
                value.type_ = Value::Type::Boolean;
                value.boolean_ = true;
                return;
            case 'f':
                expectLiteral("false");
                value.type_ = Value::Type::Boolean;
                return;
            case 'n':
                expectLiteral("null");
                return;
            default:
                return readNumber(value);
        }
    }

    // Members and elements are read onto a stack shared by all levels and copied
    // into a contiguous run of the Document's arena once their object or array
    // is complete: no allocation per object (a vector per object, and freeing
    // it, was a large part of the parse).
    void readObject(Value& value, int depth) {
        if (depth > kMaxDepth) fail("JSON nested too deeply");
        value.type_ = Value::Type::Object;
        ++pos_;
        skipSpace();
        if (peek() == '}') {
            ++pos_;
            return;
        }
        const std::size_t base = members_.size();
        for (;;) {
            skipSpace();
            if (peek() != '"') fail("expected a member name");
            std::string_view name = readString();
            skipSpace();
            if (peek() != ':') fail("expected ':'");
            ++pos_;
            skipSpace();
            Value member;
            read(member, depth);
            members_.emplace_back(name, std::move(member));
            skipSpace();
            const char c = peek();
            ++pos_;
            if (c == '}') break;
            if (c != ',') fail("expected ',' or '}'");
        }
        value.size_ = members_.size() - base;
        auto* run = storage_->members.take(value.size_);
        std::copy(members_.begin() + static_cast<std::ptrdiff_t>(base), members_.end(), run);
        value.members_ = run;
        members_.resize(base);
    }

    void readArray(Value& value, int depth) {
        if (depth > kMaxDepth) fail("JSON nested too deeply");
        value.type_ = Value::Type::Array;
        ++pos_;
        skipSpace();
        if (peek() == ']') {
            ++pos_;
            return;
        }
        const std::size_t base = elements_.size();
        for (;;) {
            skipSpace();
            Value element;
            read(element, depth);
            elements_.push_back(std::move(element));
            skipSpace();
            const char c = peek();
            ++pos_;
            if (c == ']') break;
            if (c != ',') fail("expected ',' or ']'");
        }
        value.size_ = elements_.size() - base;
        auto* run = storage_->elements.take(value.size_);
        std::copy(elements_.begin() + static_cast<std::ptrdiff_t>(base), elements_.end(), run);
        value.elements_ = run;
        elements_.resize(base);
    }

    unsigned hex4() {
        if (pos_ + 4 > text_.size()) fail("truncated \\u escape");
        unsigned code = 0;
        for (int i = 0; i < 4; ++i) {
            const char c = text_[pos_++];
            code <<= 4;
            if (c >= '0' && c <= '9')
                code |= static_cast<unsigned>(c - '0');
            else if (c >= 'a' && c <= 'f')
                code |= static_cast<unsigned>(c - 'a' + 10);
            else if (c >= 'A' && c <= 'F')
                code |= static_cast<unsigned>(c - 'A' + 10);
            else
                fail("invalid \\u escape");
        }
        return code;
    }

    static void appendUtf8(std::string& out, unsigned code) {
        if (code < 0x80) {
            out += static_cast<char>(code);
        } else if (code < 0x800) {
            out += static_cast<char>(0xC0 | (code >> 6));
            out += static_cast<char>(0x80 | (code & 0x3F));
        } else if (code < 0x10000) {
            out += static_cast<char>(0xE0 | (code >> 12));
            out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (code & 0x3F));
        } else {
            out += static_cast<char>(0xF0 | (code >> 18));
            out += static_cast<char>(0x80 | ((code >> 12) & 0x3F));
            out += static_cast<char>(0x80 | ((code >> 6) & 0x3F));
            out += static_cast<char>(0x80 | (code & 0x3F));
        }
    }

    // Skips the plain run up to the next quote, backslash or control character.
    void skipPlain() {
        while (pos_ + 8 <= text_.size() && !hasSpecialByte(text_.data() + pos_)) pos_ += 8;
        while (pos_ < text_.size() && kPlain[static_cast<unsigned char>(text_[pos_])]) ++pos_;
    }

    // A string without escapes is a view into the text; one with escapes is
    // decoded into the Document's storage.
    std::string_view readString() {
        ++pos_;  // the opening quote
        const auto first = pos_;
        skipPlain();
        if (peek() == '"') return text_.substr(first, pos_++ - first);
        std::string& out = storage_->decoded.emplace_back(text_.substr(first, pos_ - first));
        decodeRest(out);
        return out;
    }

    void decodeRest(std::string& out) {
        for (;;) {
            const char c = peek();
            if (c == '"') {
                ++pos_;
                return;
            }
            if (c != '\\') fail("control character in a string");
            ++pos_;
            const char escape = peek();
            ++pos_;
            switch (escape) {
                case '"':
                    out += '"';
                    break;
                case '\\':
                    out += '\\';
                    break;
                case '/':
                    out += '/';
                    break;
                case 'b':
                    out += '\b';
                    break;
                case 'f':
                    out += '\f';
                    break;
                case 'n':
                    out += '\n';
                    break;
                case 'r':
                    out += '\r';
                    break;
                case 't':
                    out += '\t';
                    break;
                case 'u': {
                    unsigned code = hex4();
                    if (code >= 0xD800 && code <= 0xDBFF) {
                        if (text_.substr(pos_, 2) != "\\u")
                            fail("unpaired surrogate in \\u escape");
                        pos_ += 2;
                        const unsigned low = hex4();
                        if (low < 0xDC00 || low > 0xDFFF)
                            fail("invalid surrogate pair in \\u escape");
                        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00);
                    } else if (code >= 0xDC00 && code <= 0xDFFF) {
                        fail("unpaired surrogate in \\u escape");
                    }
                    appendUtf8(out, code);
                    break;
                }
                default:
                    fail("invalid escape in a string");
            }
            const auto start = pos_;
            skipPlain();
            out.append(text_.data() + start, pos_ - start);
        }
    }

    void readNumber(Value& value) {
        const auto start = pos_;
        auto digits = [&] {
            const auto from = pos_;
            while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') ++pos_;
            return pos_ - from;
        };
        if (pos_ < text_.size() && text_[pos_] == '-') ++pos_;
        if (pos_ < text_.size() && text_[pos_] == '0')
            ++pos_;
        else if (digits() == 0)
            fail("invalid value");
        bool integral = true;
        if (pos_ < text_.size() && text_[pos_] == '.') {
            ++pos_;
            integral = false;
            if (digits() == 0) fail("invalid number");
        }
        if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
            ++pos_;
            integral = false;
            if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
            if (digits() == 0) fail("invalid number");
        }
        const char* first = text_.data() + start;
        const char* last = text_.data() + pos_;
        if (integral) {
            auto [end, error] = std::from_chars(first, last, value.integer_);
            if (error == std::errc() && end == last) {
                value.type_ = Value::Type::Integer;
                return;
            }
        }
        auto [end, error] = std::from_chars(first, last, value.double_);
        if (error != std::errc() || end != last || !std::isfinite(value.double_))
            fail("number out of range");
        value.type_ = Value::Type::Double;
    }

    Document::Storage* storage_ = nullptr;
    std::string_view text_;
    std::size_t pos_ = 0;
    std::vector<std::pair<std::string_view, Value>> members_;
    std::vector<Value> elements_;
};

Document parse(std::string_view text) { return Reader().document(std::string(text)); }
Document parseOwned(std::string&& text) { return Reader().document(std::move(text)); }

}  // namespace committee_report::registry::json
