namespace BindingConformance;

/// <summary>
/// The execution-mode axis of a conformance matrix (see <see cref="ExecutionMode"/>). When absent every
/// cell runs eagerly and the mode is left out of the test name.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, AllowMultiple = false)]
public sealed class ModesAttribute(params string[] names) : Attribute
{
    public IReadOnlyList<string> Names { get; } = names;
}
