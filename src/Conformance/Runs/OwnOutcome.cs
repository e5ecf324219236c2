using BindingConformance.Oracles;
using BindingConformance.Reports;
using BindingConformance.Verdicts;

namespace BindingConformance.Runs;

/// <summary>
/// A binding's own saved file evaluated by that binding: its cell, the file, the evaluation, and what every other
/// evaluation of the trained model must reproduce (<see cref="Expected"/>); null fields when it could not run.
/// </summary>
public sealed record OwnOutcome(CellResult? Cell, ModelExport? Export, EvaluateResult? Result, InferenceExpectation? Expected);
