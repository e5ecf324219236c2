namespace BindingConformance.Oracles.Mutants;

/// <summary>A binding as <see cref="MutantOracle.Decorate"/> gave it: disposing disposes the decoration it created, never the binding it wraps.</summary>
public sealed class DecoratedBinding(IBindingOracle? existing, MutantOracle? created) : IAsyncDisposable
{
    public IBindingOracle Oracle => (IBindingOracle?)created ?? existing!;

    public ValueTask DisposeAsync() => created?.DisposeAsync() ?? ValueTask.CompletedTask;
}
