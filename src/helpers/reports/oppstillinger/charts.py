"""Charts of the statements report: none. The statements are tables the council adopts;
the figures behind them are drawn in the finans, investering and handlingsregler reports.
The module is here because every report package has the same parts."""
