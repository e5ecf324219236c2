namespace BindingConformance.Cells;

/// <summary>
/// One cell a theory asks for: its key and, where the theory names one, the binding it is compared with (the kind's
/// <see cref="CellKind.Reference"/> says what that binding is to the cell; null takes the kind's default).
/// </summary>
public sealed record CellRequest(CellKey Key, string? Reference = null);
