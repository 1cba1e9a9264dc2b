# expect: empty template set
# nothing but comments
