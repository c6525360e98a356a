#pragma once
// The git commit the executables were built from (cmake/build_commit.cmake writes it at build
// time): a short hash, "-dirty" when tracked files had changes, "unknown" outside a git checkout.
namespace gatetune {
extern const char* const kBuildCommit;
}
