namespace BindingConformance.Oracles;

/// <summary>A setting in the environment (e.g. <c>BINDING_CONFORMANCE_THREADS</c>) is invalid: bad input, one line, exit 2.</summary>
public sealed class SettingException(string message) : Exception(message);
