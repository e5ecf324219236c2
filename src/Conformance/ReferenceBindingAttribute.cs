namespace BindingConformance;

/// <summary>
/// The binding every cell is compared with. When absent, each cell's reference is the default binding
/// (<see cref="Oracles.BindingDescriptor.IsDefault"/>) of the cell binding's framework.
/// </summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, AllowMultiple = false)]
public sealed class ReferenceBindingAttribute(string id) : Attribute
{
    public string Id { get; } = id;
}
