namespace BindingConformance.Oracles;

/// <summary>
/// A binding whose other released versions can run beside it in one matrix, each as a binding of its own
/// (<c>mybinding@2.1.0</c> beside <c>mybinding</c>): what a release owner asks most, which release changed behaviour.
/// </summary>
public interface IReleasedBinding
{
    /// <summary>
    /// The binding at <paramref name="version"/>, with the id <c>{id}@{version}</c>; installed on first use. An
    /// <see cref="ArgumentException"/> when this binding cannot run that version side by side.
    /// </summary>
    IBindingOracle Release(string version);
}
