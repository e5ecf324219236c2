namespace BindingConformance.Oracles.InProcess;

/// <summary>
/// What an in-process binding's package offers the product, found by name (<see cref="InProcessBinding.EntryType"/>) so that
/// the product compiles and runs without the package: the oracle as the product's default registry runs it, and the
/// state-dict formats the binding reads and writes for rewriting weight files (simulated bugs).
/// </summary>
public interface IInProcessBindingEntry
{
    IBindingOracle CreateOracle();

    /// <summary>State-dict formats this binding reads and writes outside any training, or null when it offers none.</summary>
    IStateDictFiles? StateDictFiles { get; }
}
