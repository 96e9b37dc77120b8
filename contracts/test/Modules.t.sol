// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

import {Fixture} from "./utils/Fixture.sol";
import {Token} from "../src/token/Token.sol";
import {ModularCompliance} from "../src/compliance/ModularCompliance.sol";
import {IToken} from "../src/interfaces/IToken.sol";
import {ITokenFactory} from "../src/interfaces/ITokenFactory.sol";
import {ICountryAllowModule, IMaxHoldersModule, IMaxBalanceModule} from "../src/interfaces/IComplianceModules.sol";
import {RestrictionCodes} from "../src/libraries/RestrictionCodes.sol";

contract CountryAllowModuleTest is Fixture {
    function test_batchAllowCountries_Success_WhenCalledByCompliance() public {
        uint16[] memory c = new uint16[](1);
        c[0] = 392;
        vm.expectEmit(address(countryModule));
        emit ICountryAllowModule.CountryAllowed(address(compliance), 392);
        vm.prank(issuer);
        compliance.callModuleFunction(
            abi.encodeCall(ICountryAllowModule.batchAllowCountries, (c)), address(countryModule)
        );
        assertTrue(countryModule.isCountryAllowed(address(compliance), 392));
        assertEq(countryModule.allowedCountryCount(address(compliance)), 5);
        assertEq(countryModule.checkTransfer(address(compliance), alice, eve, 1), RestrictionCodes.SUCCESS);
    }

    function test_batchAllowCountries_RevertWhen_AlreadyAllowed() public {
        uint16[] memory c = new uint16[](1);
        c[0] = USA;
        vm.prank(issuer);
        vm.expectRevert(
            abi.encodeWithSelector(ICountryAllowModule.CountryAlreadyAllowed.selector, address(compliance), USA)
        );
        compliance.callModuleFunction(
            abi.encodeCall(ICountryAllowModule.batchAllowCountries, (c)), address(countryModule)
        );
    }

    function test_batchDisallowCountries_Success_WhenAllowed() public {
        uint16[] memory c = new uint16[](1);
        c[0] = USA;
        vm.expectEmit(address(countryModule));
        emit ICountryAllowModule.CountryUnallowed(address(compliance), USA);
        vm.prank(issuer);
        compliance.callModuleFunction(
            abi.encodeCall(ICountryAllowModule.batchDisallowCountries, (c)), address(countryModule)
        );
        assertFalse(countryModule.isCountryAllowed(address(compliance), USA));
        assertEq(countryModule.checkTransfer(address(compliance), bob, alice, 1), RestrictionCodes.COUNTRY_NOT_ALLOWED);
    }

    function test_batchDisallowCountries_RevertWhen_NotAllowed() public {
        uint16[] memory c = new uint16[](1);
        c[0] = JPN;
        vm.prank(issuer);
        vm.expectRevert(
            abi.encodeWithSelector(ICountryAllowModule.CountryNotAllowed.selector, address(compliance), JPN)
        );
        compliance.callModuleFunction(
            abi.encodeCall(ICountryAllowModule.batchDisallowCountries, (c)), address(countryModule)
        );
    }

    function test_checkTransfer_Success_WhenStateKeyedByCompliance() public view {
        // A compliance that never configured the module has the rule off.
        assertEq(countryModule.check(address(0xBEEF), compliance.transferInfo(alice, eve, 1)), RestrictionCodes.SUCCESS);
        assertEq(countryModule.checkTransfer(address(compliance), alice, eve, 1), RestrictionCodes.COUNTRY_NOT_ALLOWED);
    }
}

contract MaxHoldersModuleTest is Fixture {
    Token internal small;
    ModularCompliance internal smallCompliance;

    function setUp() public override {
        super.setUp();
        ITokenFactory.AssetParams memory p = _demoParams();
        p.maxHolders = 2;
        p.maxBalance = 0;
        (small, smallCompliance) = _deploy(p);
    }

    function _mintSmall(address to, uint256 amount) internal {
        vm.prank(issuer);
        small.mint(to, amount);
    }

    function test_setHolderLimit_Success_WhenCalledByCompliance() public {
        vm.expectEmit(address(holdersModule));
        emit IMaxHoldersModule.HolderLimitSet(address(smallCompliance), 3);
        vm.prank(issuer);
        smallCompliance.callModuleFunction(
            abi.encodeCall(IMaxHoldersModule.setHolderLimit, (3)), address(holdersModule)
        );
        assertEq(holdersModule.getHolderLimit(address(smallCompliance)), 3);
    }

    function test_mint_RevertWhen_HolderLimitReached() public {
        _mintSmall(alice, 100);
        _mintSmall(bob, 100);
        _mintSmall(alice, 100); // existing holder: not counted again
        assertEq(holdersModule.getHolderCount(address(smallCompliance)), 2);
        vm.prank(issuer);
        vm.expectRevert(
            abi.encodeWithSelector(
                IToken.TransferNotCompliant.selector, address(0), carol, 1, RestrictionCodes.MAX_HOLDERS_EXCEEDED
            )
        );
        small.mint(carol, 1);
    }

    function test_transfer_Success_WhenWholeBalanceMovesToNewHolder() public {
        _mintSmall(alice, 100);
        _mintSmall(bob, 100);
        assertEq(small.detectTransferRestriction(alice, carol, 99), RestrictionCodes.MAX_HOLDERS_EXCEEDED);
        vm.prank(alice);
        small.transfer(carol, 100); // alice leaves, carol joins
        assertEq(holdersModule.getHolderCount(address(smallCompliance)), 2);
        assertEq(small.balanceOf(carol), 100);
    }

    function test_holderCount_Success_WhenHoldersLeave() public {
        _mintSmall(alice, 100);
        _mintSmall(bob, 100);
        vm.prank(bob);
        small.transfer(alice, 100);
        assertEq(holdersModule.getHolderCount(address(smallCompliance)), 1);
        vm.prank(issuer);
        small.burn(alice, 200);
        assertEq(holdersModule.getHolderCount(address(smallCompliance)), 0);
    }

    function test_holderCount_Success_WhenSelfTransfer() public {
        _mintSmall(alice, 100);
        vm.prank(alice);
        small.transfer(alice, 100);
        assertEq(holdersModule.getHolderCount(address(smallCompliance)), 1);
    }
}

contract MaxBalanceModuleTest is Fixture {
    function test_setMaxBalance_Success_WhenCalledByCompliance() public {
        vm.expectEmit(address(balanceModule));
        emit IMaxBalanceModule.MaxBalanceSet(address(compliance), 5e18);
        vm.prank(issuer);
        compliance.callModuleFunction(abi.encodeCall(IMaxBalanceModule.setMaxBalance, (5e18)), address(balanceModule));
        assertEq(balanceModule.getMaxBalance(address(compliance)), 5e18);
    }

    function test_mint_RevertWhen_MaxBalanceExceeded() public {
        _mint(alice, MAX_BALANCE);
        vm.prank(issuer);
        vm.expectRevert(
            abi.encodeWithSelector(
                IToken.TransferNotCompliant.selector, address(0), alice, 1, RestrictionCodes.MAX_BALANCE_EXCEEDED
            )
        );
        token.mint(alice, 1);
    }

    function test_transfer_RevertWhen_MaxBalanceExceeded() public {
        _mint(alice, MAX_BALANCE);
        _mint(bob, 1);
        vm.prank(bob);
        vm.expectRevert(
            abi.encodeWithSelector(
                IToken.TransferNotCompliant.selector, bob, alice, 1, RestrictionCodes.MAX_BALANCE_EXCEEDED
            )
        );
        token.transfer(alice, 1);
    }

    function testFuzz_checkTransfer_MatchesLimit(uint256 held, uint256 amount) public {
        held = bound(held, 0, MAX_BALANCE);
        amount = bound(amount, 0, type(uint256).max);
        if (held != 0) _mint(alice, held);
        uint8 code = balanceModule.checkTransfer(address(compliance), bob, alice, amount);
        assertEq(code == RestrictionCodes.SUCCESS, amount <= MAX_BALANCE - held);
    }
}
