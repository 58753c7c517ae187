// conforme: command-line shell over libconforme (see cli.cpp for the subcommands).
#include "app/cli.hpp"

int main(int argc, char** argv) { return conforme::cli::run(argc, argv); }
