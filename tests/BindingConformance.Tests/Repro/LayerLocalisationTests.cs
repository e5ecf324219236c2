using BindingConformance.Oracles;
using BindingConformance.Oracles.Formats;
using BindingConformance.Repro;
using BindingConformance.Verdicts;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Repro;

/// <summary>Per-layer deviations and the first diverging layer, on hand-made activations whose numbers follow by hand.</summary>
public sealed class LayerLocalisationTests
{
    private static NamedTensor Layer(string name, params float[] values) => NamedTensor.FromFloats(name, values, 1, values.Length);

    [Fact]
    public void The_first_layer_that_jumps_is_named_with_its_max_difference_and_relative_deviation()
    {
        // tanh1: difference (0.3, 0.4) has norm 0.5 against |(3, 4)| = 5, so 0.1; fc grows no further, so it does not jump.
        var table = LayerLocalisation.Compare(
            [Layer("conv1", 3, 4), Layer("tanh1", 3, 4), Layer("fc", 6, 8)],
            [Layer("conv1", 3, 4), Layer("tanh1", 3.3f, 4.4f), Layer("fc", 6.6f, 8.8f)],
            VerdictRules.Default);

        table.FirstDiverging.Should().Be("tanh1");
        table.Layers.Select(l => l.Layer).Should().Equal("conv1", "tanh1", "fc");
        table.Layers[0].Should().Match<LayerDeviation>(l => l.MaxAbsDifference == 0 && l.RelativeDeviation == 0);
        table.Layers[1].MaxAbsDifference.Should().BeApproximately(0.4, 1e-6);
        table.Layers[1].RelativeDeviation.Should().BeApproximately(0.1, 1e-6);
        table.Layers[2].RelativeDeviation.Should().BeApproximately(0.1, 1e-6);
        table.Summary.Should().StartWith("first diverging layer: tanh1 (relative deviation 0.1, max |diff| 0.4;");
        table.Format().Should().Contain("tanh1").And.Contain("<- first diverging");
    }

    [Fact]
    public void A_layer_just_above_the_threshold_without_a_jump_is_passed_over_for_the_later_jump()
    {
        // Relative deviations 5e-6 (below 1e-5), 2e-5 (above, but under 10 × 5e-6 = 5e-5: no jump), 1e-3 (≥ 10 × 2e-5).
        var table = LayerLocalisation.Compare(
            [Layer("a", 1, 0), Layer("b", 1, 0), Layer("c", 1, 0)],
            [Layer("a", 1, 5e-6f), Layer("b", 1, 2e-5f), Layer("c", 1, 1e-3f)],
            VerdictRules.Default);

        table.FirstDiverging.Should().Be("c");
        table.Layers.Select(l => l.RelativeDeviation).Should().Equal([5e-6, 2e-5, 1e-3], (a, b) => Math.Abs(a - b) < 1e-9);
    }

    [Fact]
    public void Agreeing_bindings_have_no_diverging_layer()
    {
        var table = LayerLocalisation.Compare([Layer("conv1", 3, 4), Layer("fc", 1, 2)], [Layer("conv1", 3, 4), Layer("fc", 1, 2)], VerdictRules.Default);

        table.FirstDiverging.Should().BeNull();
        table.Summary.Should().Be("no layer's relative deviation jumps above 1e-05 (largest 0)");
    }

    [Fact]
    public void A_nan_or_a_wrong_shape_is_infinitely_far_and_written_as_null_in_json()
    {
        var table = LayerLocalisation.Compare([Layer("conv1", 3, 4), Layer("fc", 1, 2)], [Layer("conv1", float.NaN, 4), Layer("fc", 1, 2, 3)], VerdictRules.Default);

        table.FirstDiverging.Should().Be("conv1");
        table.Layers.Should().OnlyContain(l => double.IsPositiveInfinity(l.RelativeDeviation) && double.IsPositiveInfinity(l.MaxAbsDifference));
        table.ToJson()["layers"]![0]!["relative_deviation"].Should().BeNull();
    }

    [Fact]
    public void A_graph_seen_from_outside_is_compared_on_its_output_alone()
    {
        var table = LayerLocalisation.Compare([Layer("conv1", 3, 4), Layer("fc", 6, 8)], [Layer(ActivationsResult.OutputOnly, 6, 8)], VerdictRules.Default);

        table.Layers.Should().ContainSingle().Which.Should().Match<LayerDeviation>(l => l.Layer == "output" && l.RelativeDeviation == 0);
    }

    [Fact]
    public void A_layer_missing_from_the_binding_under_test_is_named()
    {
        var act = () => LayerLocalisation.Compare([Layer("conv1", 3, 4), Layer("fc", 6, 8)], [Layer("fc", 6, 8)], VerdictRules.Default);

        act.Should().Throw<ArgumentException>().WithMessage("the binding under test reports no output for layer 'conv1'");
    }

    [Theory]
    [InlineData(float.NaN)]
    [InlineData(float.NegativeInfinity)]
    public void The_first_layer_where_a_non_finite_value_appears_diverges_even_when_both_sides_hold_it(float value)
    {
        // conv1 agrees; tanh1 holds the same non-finite value on both sides, which counted as equal before.
        var table = LayerLocalisation.Compare(
            [Layer("conv1", 3, 4), Layer("tanh1", value, 4), Layer("fc", value, 8)],
            [Layer("conv1", 3, 4), Layer("tanh1", value, 4), Layer("fc", value, 8)],
            VerdictRules.Default);

        table.FirstDiverging.Should().Be("tanh1");
        table.Layers[1].NonFinite.Should().BeTrue();
        table.Layers[0].NonFinite.Should().BeFalse();
        table.Summary.Should().Be("first diverging layer: tanh1 (non-finite values, NaN or infinity, first appear in its output; they are never equal)");
    }
}
