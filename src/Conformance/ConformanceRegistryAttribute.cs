using BindingConformance.Oracles;

namespace BindingConformance;

/// <summary>
/// Names the <see cref="OracleRegistry"/> subclass (with a parameterless constructor) that a suite's cells
/// are probed against and run with. Looked up on the method, then the class, then the assembly; without
/// it the product's <c>BindingConformance.Oracles.DefaultOracleRegistry</c> is used.
/// </summary>
[AttributeUsage(AttributeTargets.Assembly | AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false)]
public sealed class ConformanceRegistryAttribute(Type registryType) : Attribute
{
    public Type RegistryType { get; } = registryType;
}
