// Provides the one GCC 13 libstdc++ symbol that libLibTorchSharp.so 0.107 needs on GCC 12 systems.
// GCC 13 emits a call to it from every translation unit that includes <iostream>; constructing
// ios_base::Init is exactly what the real function does.
#include <ios>

namespace std {
void ios_base_library_init() { static ios_base::Init init; }
}
