using BindingConformance.Oracles.Formats;
using BindingConformance.Oracles.Hybridization;
using BindingConformance.Oracles.Models;
using BindingConformance.Oracles.Mutants;
using FluentAssertions;
using Xunit;

namespace BindingConformance.Tests.Hybridization;

/// <summary>The hybridization mutants rewrite graph-mode results only, and only what their bug touches.</summary>
public sealed class HybridizationMutantTests
{
    private static ProbeRunResult Outputs(HazardProbe probe) =>
        new(null, probe.Cases.Select(c => c.Dtype == TensorDtype.F32 ? c : NamedTensor.FromFloats(c.Name, new float[c.Shape[0] * 2], c.Shape[0], 2)).ToArray(), [], null, []);

    [Fact]
    public void Replaying_the_traced_branch_leaves_probes_without_a_branch_unchanged_even_with_token_inputs()
    {
        // Regression: the mutant read every probe's capture case as floats, which throws on the text controls' token ids.
        var mutant = MutantCatalog.Get("traced-branch-replayed");
        var lstm = HazardProbes.Get(ModelZoo.Lstm);
        var result = Outputs(lstm);

        mutant.ProbeRan(new ProbeRunRequest(lstm, ExecutionMode.Scripted, "cpu", "/unused"), result).Outputs.Should().Equal(result.Outputs);
    }

    [Fact]
    public void Replaying_the_traced_branch_applies_the_capture_cases_branch_to_every_case_in_graph_modes_only()
    {
        var mutant = MutantCatalog.Get("traced-branch-replayed");
        var branch = HazardProbes.Get(HazardProbes.TensorBranch);
        var eager = ProbeScriptOracle.Specified(new ProbeRunRequest(branch, ExecutionMode.Eager, "cpu", "/unused"));

        var scripted = mutant.ProbeRan(new ProbeRunRequest(branch, ExecutionMode.Scripted, "cpu", "/unused"), eager);

        scripted.Outputs[1].ToFloats().Should().Equal(branch.Cases[1].ToFloats().Select(v => v * 2), "the capture case is positive: x * 2 for every case");
        mutant.ProbeRan(new ProbeRunRequest(branch, ExecutionMode.Eager, "cpu", "/unused"), eager).Should().BeSameAs(eager);
    }

    [Fact]
    public void A_baked_batch_keeps_the_capture_cases_rows()
    {
        var mutant = MutantCatalog.Get("baked-batch");
        var baked = HazardProbes.Get(HazardProbes.BakedBatch);
        var result = new ProbeRunResult(null, baked.Cases.Select(c => NamedTensor.FromFloats(c.Name, new float[c.Shape[0]], c.Shape[0])).ToArray(), [], null, []);

        mutant.ProbeRan(new ProbeRunRequest(baked, ExecutionMode.Traced, "cpu", "/unused"), result).Outputs.Select(o => o.Shape[0]).Should().Equal(4L, 4L);
    }
}
