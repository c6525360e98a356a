#include "app/cli/output_file.hpp"

#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>

namespace gatetune::cli {

bool write_output(std::string_view command, const std::string& path, const std::function<void(std::ostream&)>& write) {
    if (path.empty()) {
        write(std::cout);
        std::cout.flush();
        return std::cout.good();
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
