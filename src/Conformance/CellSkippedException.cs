namespace BindingConformance;

/// <summary>
/// Thrown by a conformance theory whose cell the engine skipped while running it (a tier that does not train the
/// model in that binding, a source that trained nothing): the test case reports a skip with <see cref="Exception.Message"/>
/// as its reason, never a pass. Matched by full name, since results cross process boundaries.
/// </summary>
public sealed class CellSkippedException(string reason) : Exception(reason);
