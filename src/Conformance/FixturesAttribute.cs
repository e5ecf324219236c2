namespace BindingConformance;

/// <summary>
/// The fixture axis of a conformance matrix: one cell per committed fixture of the manifest in
/// <see cref="Directory"/> (relative to the checkout) × each binding of <see cref="BindingsAttribute"/> that loads
/// the fixture's format (every registered one when absent) × device. A fixture names its own model, format and
/// writer, so it takes no <see cref="ModelsAttribute"/>, <see cref="ModesAttribute"/>, <see cref="FormatsAttribute"/>
/// or <see cref="ReferenceBindingAttribute"/>; its cells never train.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, AllowMultiple = false)]
public sealed class FixturesAttribute(string directory = "fixtures/models") : Attribute
{
    public string Directory { get; } = directory;
}
