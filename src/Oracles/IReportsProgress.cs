namespace BindingConformance.Oracles;

/// <summary>An oracle whose long requests (training for minutes in a worker) report progress as they go.</summary>
public interface IReportsProgress
{
    /// <summary>One line per step, e.g. <c>"train: epoch 2/3: …"</c>.</summary>
    event EventHandler<string>? Progress;
}
