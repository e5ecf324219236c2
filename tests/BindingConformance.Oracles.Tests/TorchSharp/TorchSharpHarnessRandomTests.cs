using System.Text.Json.Nodes;
using BindingConformance.Oracles.Models;
using BindingConformance.Oracles.TorchSharp;
using FluentAssertions;
using TorchSharp;
using Xunit;

namespace BindingConformance.Oracles.Tests.TorchSharp;

/// <summary>
/// TorchSharp's harness generator (<see cref="HarnessRandom"/>, <see cref="HarnessDropout"/>) against the shared test
/// vectors of <c>fixtures/randomness/vectors.json</c>, written by the reference implementation <c>make_vectors.py</c>;
/// the Python worker's generator runs the same vectors in <c>test_harness_random.py</c>.
/// </summary>
public sealed class TorchSharpHarnessRandomTests
{
    private static readonly JsonNode Vectors = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Randomness", "vectors.json")))!;

    public static TheoryData<int> Cases => [.. Enumerable.Range(0, Vectors["cases"]!.AsArray().Count)];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Keys_and_draws_match_the_vectors(int index)
    {
        var c = Vectors["cases"]![index]!;
        long seed = c["seed"]!.GetValue<long>(), step = c["step"]!.GetValue<long>(), site = c["site"]!.GetValue<long>();
        var indices = c["indices"]!.AsArray().Select(i => i!.GetValue<long>()).ToArray();
        var expectedBits = c["bits"]!.AsArray().Select(b => b!.GetValue<long>()).ToArray();

        var (first, second) = HarnessRandom.Keys(seed, step, site);
        new long[] { first, second }.Should().Equal(c["keys"]!.AsArray().Select(k => k!.GetValue<long>()));
        // The scalar mix gives each element's draw; the tensor path numbers elements 0..count-1 (all of them where they fit).
        indices.Select(i => (long)HarnessRandom.Mix(HarnessRandom.Mix(unchecked((uint)i) ^ first) ^ second)).Should().Equal(expectedBits);
        if (indices.Max() >= 1_000_000) return;
        using var scope = torch.NewDisposeScope();
        var count = indices.Max() + 1;
        var bits = HarnessRandom.Bits(seed, step, site, count, torch.CPU).data<long>().ToArray();
        indices.Select(i => bits[i]).Should().Equal(expectedBits);
        var uniform = HarnessRandom.Uniform(seed, step, site, [count], torch.CPU).data<float>().ToArray();
        indices.Select(i => (double)uniform[i]).Should().Equal(c["uniform"]!.AsArray().Select(u => u!.GetValue<double>()));
    }

    [Fact]
    public void Dropout_drops_exactly_the_vectors_elements_and_scales_the_rest()
    {
        var mask = Vectors["dropout"]!;
        var p = mask["p"]!.GetValue<double>();
        using var dropout = new HarnessDropout(p, mask["site"]!.GetValue<long>()) { Seed = mask["seed"]!.GetValue<long>(), Step = mask["step"]!.GetValue<long>() };
        dropout.train();
        using var scope = torch.NewDisposeScope();

        var output = dropout.call(torch.ones(mask["count"]!.GetValue<long>())).data<float>().ToArray();

        Enumerable.Range(0, output.Length).Where(i => output[i] == 0).Should().Equal(mask["dropped"]!.AsArray().Select(i => i!.GetValue<int>()));
        output.Where(v => v != 0).Should().OnlyContain(v => v == (float)(1 / (1 - p)));
        dropout.eval();
        dropout.call(torch.ones(3)).data<float>().ToArray().Should().Equal(1f, 1f, 1f);
    }

    [Fact]
    public void Sites_are_numbered_in_forward_order_as_in_the_python_worker()
    {
        var spec = new ModelSpec("m", "none", [4], 2,
        [
            Layers.Dropout("drop", 0.5),
            Layers.TransformerEncoder("encoder", 8, heads: 2, feedForward: 16, layers: 2, maxLength: 4, dropout: 0.1),
            Layers.Dropout("drop2", 0.5),
        ], new OptimizerSpec("adam", 0.001));
        using var model = new SpecModule(spec);

        var sites = model.named_modules().Where(m => m.module is HarnessDropout).ToDictionary(m => m.name, m => ((HarnessDropout)m.module).Site);

        sites.Should().Equal(new Dictionary<string, long>
        {
            ["drop"] = 0,
            ["encoder.layers.0.self_attn.dropout"] = 1, ["encoder.layers.0.dropout1"] = 2, ["encoder.layers.0.dropout"] = 3, ["encoder.layers.0.dropout2"] = 4,
            ["encoder.layers.1.self_attn.dropout"] = 5, ["encoder.layers.1.dropout1"] = 6, ["encoder.layers.1.dropout"] = 7, ["encoder.layers.1.dropout2"] = 8,
            ["drop2"] = 9,
        });
    }
}
