namespace BindingConformance.Sdk;

/// <summary>A conformance theory is declared wrongly (unknown name, missing axis, bad registry); shown as a failing case.</summary>
public sealed class ConformanceConfigurationException(string message) : Exception(message);
