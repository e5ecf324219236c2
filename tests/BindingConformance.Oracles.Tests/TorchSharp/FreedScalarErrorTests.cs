using System.Runtime.InteropServices;
using BindingConformance.Oracles.TorchSharp;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Oracles.Tests.TorchSharp;

/// <summary>
/// libtorch's bare errors for a scalar TorchSharp freed mid-call become one line naming the TorchSharp defect
/// (docs/torchsharp-scalar-race.md); other errors pass unchanged.
/// </summary>
public sealed class FreedScalarErrorTests
{
    // The error of a clean run's TorchSharp BERT training on 2026-12-06 (Adam's step: THSTensor_div_scalar), cut after
    // its second frame.
    private const string ExpectedFalse =
        "Expected false to be true, but got false.  (Could this error message be improved?  If so, please report an enhancement request to PyTorch.)\n" +
        "Exception raised from toDouble at /pytorch/c10/core/Scalar.h:140 (most recent call first):\n" +
        "frame #0: c10::Error::Error(c10::SourceLocation, std::__cxx11::basic_string<char, std::char_traits<char>, std::allocator<char> >) + 0xb0 (0x7fcf482a41a0 in libc10.so)\n" +
        "frame #1: c10::detail::torchCheckFail(char const*, char const*, unsigned int, char const*) + 0x84 (0x7fcf482318f8 in libc10.so)";

    [Theory]
    [InlineData(ExpectedFalse)]
    [InlineData("Unknown scalar type.")]
    public void A_freed_scalar_error_names_the_TorchSharp_defect_on_one_line(string message)
    {
        var act = () => FreedScalarError.Explained<int>(() => throw new ExternalException(message));

        var thrown = act.Should().Throw<OracleException>().Which;
        thrown.Message.Should().StartWith("libtorch read a scalar that TorchSharp had already freed on the finalizer thread")
            .And.Contain("docs/torchsharp-scalar-race.md").And.NotContain("\n").And.NotContain("frame #");
        thrown.InnerException!.Message.Should().Be(message);
    }

    [Fact]
    public void Another_libtorch_error_passes_unchanged()
    {
        var shape = new ExternalException("mat1 and mat2 shapes cannot be multiplied (2x3 and 4x5)");

        var act = () => FreedScalarError.Explained<int>(() => throw shape);

        act.Should().Throw<ExternalException>().Which.Should().BeSameAs(shape);
    }

    [Fact]
    public void Work_that_succeeds_returns_its_value() => FreedScalarError.Explained(() => 42).Should().Be(42);
}
