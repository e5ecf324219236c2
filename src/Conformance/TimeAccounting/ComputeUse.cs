namespace BindingConformance.TimeAccounting;

/// <summary>What a run asked a binding to do, for the account of where its time went.</summary>
public enum ComputeUse
{
    /// <summary>Starting and probing the binding (a worker's interpreter, a native library).</summary>
    Startup,
    /// <summary>Training runs and the identity probe's training step.</summary>
    Training,
    /// <summary>Evaluating saved models, and their layer-by-layer activations for repro bundles.</summary>
    Evaluation,
    /// <summary>Hazard probes in every execution mode.</summary>
    Probes,
}
