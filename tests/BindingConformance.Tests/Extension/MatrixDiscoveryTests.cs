using BindingConformance.SampleSuite;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Extension;

/// <summary>Real xunit discovery of the sample suite: one case per cell, readable names, traits, serialization.</summary>
public sealed class MatrixDiscoveryTests : IDisposable
{
    private readonly InProcessXunit xunit = new(typeof(SampleRegistry).Assembly);

    public void Dispose() => xunit.Dispose();

    [Fact]
    public void Each_cell_of_the_matrix_is_one_case_named_by_its_coordinates()
    {
        var names = xunit.Discover(nameof(ModeTheories)).Select(c => c.DisplayName);

        names.Should().Equal(
            "ExecutionModes(model: LeNet5, binding: torchsharp, device: cpu, mode: eager)",
            "ExecutionModes(model: LeNet5, binding: torchsharp, device: cpu, mode: traced)",
            "ExecutionModes(model: LeNet5, binding: torchsharp, device: cpu, mode: scripted)");
    }

    [Fact]
    public void A_theory_without_a_modes_axis_leaves_the_mode_out_of_the_name()
    {
        var names = xunit.Discover(nameof(InferenceTheories)).Select(c => c.DisplayName);

        names.Should().Equal(
            "CrossLoadedInference(model: LeNet5, binding: torchsharp, device: cpu)",
            "CrossLoadedInference(model: LeNet5, binding: onnxruntime, device: cpu)",
            "CrossLoadedInference(model: LeNet5, binding: shifted, device: cpu)",
            "CrossLoadedInference(model: LeNet5, binding: missing, device: cpu)");
    }

    [Fact]
    public void Cases_carry_the_traits_that_dotnet_test_filters_on()
    {
        var traced = xunit.Discover(nameof(ModeTheories)).Single(c => c.DisplayName.Contains("traced"));

        traced.Traits.Should().BeEquivalentTo(new Dictionary<string, List<string>>
        {
            ["Framework"] = ["pytorch"],
            ["Model"] = ["LeNet5"],
            ["Binding"] = ["torchsharp"],
            ["Device"] = ["cpu"],
            ["Mode"] = ["traced"],
        }, "a theory that names no [ReferenceBinding] leaves the reference to the cell's kind at run time, as conformance run does");
    }

    [Fact]
    public void Cases_survive_the_runner_serialization_round_trip()
    {
        var cases = xunit.Discover(nameof(ModeTheories));

        var restored = cases.Select(c => xunit.Deserialize(xunit.Serialize(c))).ToArray();

        restored.Select(c => c.UniqueID).Should().Equal(cases.Select(c => c.UniqueID));
        restored.Select(c => c.DisplayName).Should().Equal(cases.Select(c => c.DisplayName));
        restored.Select(c => c.Traits["Mode"].Single()).Should().Equal("eager", "traced", "scripted");
    }

    [Fact]
    public void Every_case_has_its_own_unique_id_and_discovery_is_deterministic()
    {
        var first = xunit.Discover().Select(c => c.UniqueID).ToArray();
        var second = xunit.Discover().Select(c => c.UniqueID).ToArray();

        first.Should().OnlyHaveUniqueItems();
        second.Should().Equal(first);
    }

    [Fact]
    public void A_misdeclared_theory_keeps_its_declared_axes_as_traits_so_filters_still_show_it()
    {
        var error = xunit.Discover(nameof(MisdeclaredTheories)).Single(c => c.TestMethod.Method.Name == "UnknownNames");

        var restored = xunit.Deserialize(xunit.Serialize(error));

        restored.DisplayName.Should().Be("UnknownNames");
        restored.Traits["Binding"].Should().Equal("torchsharp", "nosuchbinding");
        restored.Traits["Model"].Should().Equal("LeNet5", "NoSuchNet");
    }
}
