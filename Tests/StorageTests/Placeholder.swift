// Tests for Storage land here.
import Testing
