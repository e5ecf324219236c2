namespace BindingConformance.Oracles;

/// <summary>A binding failed to do what was asked; the message names the cause (and the worker's stderr tail).</summary>
public class OracleException(string message, Exception? inner = null) : Exception(message, inner);
