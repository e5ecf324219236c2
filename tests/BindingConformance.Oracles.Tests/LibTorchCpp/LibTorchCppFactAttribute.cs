using Xunit;

namespace BindingConformance.Oracles.Tests.LibTorchCpp;

/// <summary>A fact that is skipped, with the reason, where bootstrap.sh has not built the libtorch C++ worker.</summary>
public sealed class LibTorchCppFactAttribute : FactAttribute
{
    public LibTorchCppFactAttribute()
    {
        Skip = LibTorchCppWorker.WhyNotBuilt();
    }
}
