namespace BindingConformance.Runs;

/// <summary>The kinds of cell a run records (the <c>Suite</c> of a report row); docs/verdicts.md gives each one's rules.</summary>
public static class CellKinds
{
    /// <summary>A binding trains a model: minimum accuracy, reproducibility, and its trajectory against the reference.</summary>
    public const string Training = "training";

    /// <summary>A binding's own saved file, re-loaded by it, reproduces its trained model's predictions.</summary>
    public const string Own = "own";

    /// <summary>The own file on one of the binding's alternate inference backends.</summary>
    public const string Backend = "backend";

    /// <summary>A file loaded by another binding of the same framework, or in another format.</summary>
    public const string CrossLoad = "cross-load";

    /// <summary>safetensors weights moved into another framework.</summary>
    public const string WeightTransfer = "weight-transfer";

    /// <summary>Times against the framework default: a measurement, never a failure.</summary>
    public const string TimeCost = Reports.MeasurementSuites.TimeCost;

    /// <summary>A graph mode against eager in the same binding on a hazard probe: matches its approved behaviour (docs/hybridization.md).</summary>
    public const string Hybridization = "hybridization";

    /// <summary>A binding's execution mode computes what the reference binding's matching mode computes on a hazard probe.</summary>
    public const string HybridizationConformance = "hybridization-conformance";

    /// <summary>A graph mode's times against eager's: faster, same or slower beyond a practical threshold; a measurement, never a failure.</summary>
    public const string HybridizationTime = "hybridization-time";

    /// <summary>A graph mode's training-step times against eager's on a control, judged as <see cref="HybridizationTime"/>; a measurement, never a failure.</summary>
    public const string HybridizationTrainingTime = "hybridization-training-time";
}
