using FluentAssertions;
using Xunit;

namespace BindingConformance.Oracles.Tests;

/// <summary>
/// The one rule by which two bindings drive the same engine: the engine's name and the major.minor.patch of its version.
/// The versions are those the shipped bindings report here (doctor, 2026-12-06): Debian's libtorch 1.13.1 is 1.13.0a0 to
/// Python and 1.13.0 to C++, TorchSharp 0.107's is 2.10.0.0, ONNX Runtime is 1.30.0 in Node and 1.31.1 in C#.
/// </summary>
public sealed class BindingEngineTests
{
    [Theory]
    [InlineData("1.13.0a0", "1.13.0")]
    [InlineData("1.13.0", "1.13.0")]
    [InlineData("2.10.0.0", "2.10.0")]
    [InlineData("1.13", "1.13.0")]
    [InlineData("4", "4.0.0")]
    [InlineData("1.13.1+dfsg-4", "1.13.1")]
    public void The_release_is_the_versions_major_minor_and_patch(string version, string release)
    {
        new BindingEngine("libtorch", version).Release.Should().Be(System.Version.Parse(release));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("nightly")]
    [InlineData("v1.13.0")]
    public void A_version_that_does_not_start_with_a_number_names_no_release(string? version)
    {
        new BindingEngine("libtorch", version).Release.Should().BeNull();
    }

    [Theory]
    [InlineData("libtorch", "1.13.0", "libtorch", "1.13.0a0", true)]
    [InlineData("libtorch", "2.10.0.0", "libtorch", "1.13.0a0", false)]
    [InlineData("libtorch", "1.13.1", "libtorch", "1.13.0", false)]
    [InlineData("onnxruntime", "1.30.0", "onnxruntime", "1.31.1", false)]
    [InlineData("tfjs-backend-cpu", "1.13.0", "libtorch", "1.13.0", false)]
    [InlineData("libtorch", null, "libtorch", "1.13.0a0", null)]
    [InlineData("libtorch", "1.13.0", "libtorch", "nightly", null)]
    [InlineData("tfjs-backend-cpu", null, "libtorch", null, false)]
    public void Two_engines_are_one_release_when_name_and_release_agree_and_unknown_without_a_release(
        string name, string? version, string otherName, string? otherVersion, bool? same)
    {
        var (engine, other) = (new BindingEngine(name, version), new BindingEngine(otherName, otherVersion));

        engine.IsSameReleaseAs(other).Should().Be(same);
        other.IsSameReleaseAs(engine).Should().Be(same, "the rule is symmetric");
    }
}
