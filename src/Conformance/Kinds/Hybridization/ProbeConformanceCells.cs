using BindingConformance.Cells;
using BindingConformance.Oracles;
using BindingConformance.Oracles.Hybridization;
using BindingConformance.Runs;
using BindingConformance.Verdicts;

namespace BindingConformance.Kinds.Hybridization;

/// <summary>The hybridization-conformance cells: every mode of a binding that has a counterpart in the capturer, against that counterpart.</summary>
public sealed class ProbeConformanceCells : ComparedProbeCells
{
    protected override CellKind Kind => ProbeConformanceKind.Instance;

    protected override bool Lists(CellEngine engine, IBindingOracle oracle, string mode) => CellReferences.HasCounterpart(engine.Registry, oracle, mode);

    protected override async Task<CellResult> JudgeAsync(CellEngine engine, HazardProbe probe, IBindingOracle oracle, string mode, string device,
        CancellationToken cancellationToken)
    {
        var id = oracle.Binding.Id;
        var key = new CellKey(ProbeConformanceKind.Instance, probe.Name, id, device) { Mode = mode };
        if (engine.Probes.WhyNot(oracle, device, mode) is { } skip) return CellResult.Skipped(key, skip);
        if (!CellReferences.HasCounterpart(engine.Registry, oracle, mode)
            || CellReferences.ExpectedRun(ProbeConformanceKind.Instance, engine.Registry, oracle, mode) is not var (reference, referenceMode))
            return CellResult.Skipped(key, $"no other binding runs the probe in {mode} mode to compare {id} with; its behaviour against eager is a {HazardKind.Instance.Name} cell");
        var expected = await engine.Probes.RunAsync(probe, reference, referenceMode, device, cancellationToken);
        var actual = await engine.Probes.RunAsync(probe, oracle, mode, device, cancellationToken);
        var repro = new CellRepro((string?)null) { Probe = HazardCells.ProbeCase(key, reference, oracle) };
        if ((expected.Failure(reference.Binding.Id, referenceMode) ?? actual.Failure(id, mode)) is { } failed)
            return CellResult.Failed(key, failed) with { Reference = reference.Binding.Id, Repro = repro };
        // A mode that cannot run the probe computes nothing to compare; the incompatibility is a finding its hybridization cell holds to the approved one.
        if (actual.Result!.Incompatible is { } why && expected.Result!.Incompatible is null)
            return CellResult.Skipped(key, $"{id} {mode} cannot run the probe ({why}); its {HazardKind.Instance.Name} cell holds that to the approved behaviour");
        var (verdict, differs) = ProbeConformanceVerdict.Judge(probe, $"{reference.Binding.Id} {referenceMode}", expected.Result!, $"{id} {mode}", actual.Result!,
            engine.Plan.Rules);
        verdict.Metrics["reference_mode"] = referenceMode;
        return CellResult.Judged(key, verdict) with
        {
            Reference = reference.Binding.Id,
            Repro = verdict.Passed ? CellRepro.None : repro,
            FirstDivergence = differs is null ? null : $"case {differs}",
        };
    }
}
