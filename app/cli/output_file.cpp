#include "app/cli/output_file.hpp"

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>

namespace gatetune::cli {

bool write_output(std::string_view command, const std::string& path, const std::function<void(std::ostream&)>& write) {
    if (path.empty()) {
        write(std::cout);
        std::cout.flush();
        return std::cout.good();
    }
    // A device or a pipe (/dev/null, /dev/stdout, a FIFO) is written in place: renaming a
    // temporary file onto it would replace the device node with a regular file.
    std::error_code ec;
    const auto type = std::filesystem::status(path, ec).type();
    if (!ec && type != std::filesystem::file_type::regular && type != std::filesystem::file_type::not_found &&
        type != std::filesystem::file_type::directory) {
        std::ofstream f(path, std::ios::binary);
        if (f) write(f);
        if (f && f.flush()) return true;
        std::fprintf(stderr, "gatetune %.*s: cannot write %s\n", static_cast<int>(command.size()), command.data(), path.c_str());
        return false;
    }
    const std::string tmp = path + ".tmp";
    const auto fail = [&](const char* reason) {
        std::fprintf(stderr, "gatetune %.*s: cannot write %s: %s\n", static_cast<int>(command.size()), command.data(), path.c_str(), reason);
        std::remove(tmp.c_str());
        return false;
    };
    {
        std::ofstream f(tmp, std::ios::binary | std::ios::trunc);
        if (!f) return fail(std::strerror(errno));
        write(f);
        if (!f.flush()) return fail("write failed");
    }
    if (std::rename(tmp.c_str(), path.c_str()) != 0) return fail(std::strerror(errno));
    return true;
}

}  // namespace gatetune::cli
