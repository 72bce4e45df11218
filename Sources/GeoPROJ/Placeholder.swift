public enum GeoPROJPlaceholder {}
