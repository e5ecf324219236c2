using BindingConformance.Tests.Shared;
using Xunit;

namespace BindingConformance.Oracles.Tests.LibTorchCpp;

/// <summary>A theory that is skipped, with the reason, where bootstrap.sh has not built the libtorch C++ worker its shipped manifest starts.</summary>
public sealed class LibTorchCppTheoryAttribute : TheoryAttribute
{
    public LibTorchCppTheoryAttribute()
    {
        Skip = ShippedWorkers.WhyNotInstalled(ShippedWorkers.LibTorchCppId);
    }
}
